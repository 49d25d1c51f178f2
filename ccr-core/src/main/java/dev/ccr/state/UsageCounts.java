package dev.ccr.state;

import dev.ccr.usage.Totals;

/** The additive part of usage {@link Totals}: what instances can sum. */
public record UsageCounts(long requests, long errors, long attempts, long inputTokens, long outputTokens,
    long cacheReadTokens, long cacheCreationTokens, double cost, long pricedRequests, long cachedRequests,
    long tokensSaved) {
  public static final UsageCounts ZERO = new UsageCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** Counts without cached answers (as an instance older than the response cache's usage records wrote them). */
  public UsageCounts(long requests, long errors, long attempts, long inputTokens, long outputTokens,
      long cacheReadTokens, long cacheCreationTokens, double cost, long pricedRequests) {
    this(requests, errors, attempts, inputTokens, outputTokens, cacheReadTokens, cacheCreationTokens, cost,
        pricedRequests, 0, 0);
  }

  public static UsageCounts of(Totals t) {
    return new UsageCounts(t.requests(), t.errors(), t.attempts(), t.inputTokens(), t.outputTokens(),
        t.cacheReadTokens(), t.cacheCreationTokens(), t.cost(), t.pricedRequests(), t.cachedRequests(), t.tokensSaved());
  }

  public UsageCounts plus(UsageCounts o) {
    return new UsageCounts(requests + o.requests, errors + o.errors, attempts + o.attempts,
        inputTokens + o.inputTokens, outputTokens + o.outputTokens, cacheReadTokens + o.cacheReadTokens,
        cacheCreationTokens + o.cacheCreationTokens, cost + o.cost,
        pricedRequests + o.pricedRequests, cachedRequests + o.cachedRequests, tokensSaved + o.tokensSaved);
  }

  /** {@code t} with these counts in place of its own; its percentiles and histograms stay. */
  public Totals over(Totals t) {
    return new Totals(requests, errors, inputTokens, outputTokens, cacheReadTokens, cacheCreationTokens, cost,
        pricedRequests, t.latencyP50Ms(), t.latencyP99Ms(), t.ttftP50Ms(), t.ttftP99Ms(), attempts, t.errorsByType(), t.latency(),
        t.ttft(), cachedRequests, tokensSaved);
  }

  /** A compact text form for stores that keep strings: the fields in order, comma-separated. */
  public String encode() {
    return requests + "," + errors + "," + attempts + "," + inputTokens + "," + outputTokens + ","
        + cacheReadTokens + "," + cacheCreationTokens + "," + cost + "," + pricedRequests + "," + cachedRequests + ","
        + tokensSaved;
  }

  /**
   * The {@link #encode} form read back; ZERO when it is not one. The older eight-field form, from an
   * instance not yet upgraded, had no priced count: its requests count as priced when it had a cost;
   * the nine-field form had no cached answers.
   */
  public static UsageCounts decode(String s) {
    String[] p = s == null ? new String[0] : s.split(",");
    if (p.length != 8 && p.length != 9 && p.length != 11) return ZERO;
    try {
      long requests = Long.parseLong(p[0]);
      double cost = Double.parseDouble(p[7]);
      long priced = p.length >= 9 ? Long.parseLong(p[8]) : cost > 0 ? requests : 0;
      return new UsageCounts(requests, Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]),
          Long.parseLong(p[4]), Long.parseLong(p[5]), Long.parseLong(p[6]), cost, priced,
          p.length == 11 ? Long.parseLong(p[9]) : 0, p.length == 11 ? Long.parseLong(p[10]) : 0);
    } catch (NumberFormatException e) {
      return ZERO;
    }
  }
}
