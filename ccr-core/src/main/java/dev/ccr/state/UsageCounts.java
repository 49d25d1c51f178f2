package dev.ccr.state;

import dev.ccr.usage.Totals;

/** The additive part of usage {@link Totals}: what instances can sum. */
public record UsageCounts(long requests, long errors, long attempts, long inputTokens, long outputTokens,
    long cacheReadTokens, long cacheCreationTokens, double cost) {
  public static final UsageCounts ZERO = new UsageCounts(0, 0, 0, 0, 0, 0, 0, 0);

  public static UsageCounts of(Totals t) {
    return new UsageCounts(t.requests(), t.errors(), t.attempts(), t.inputTokens(), t.outputTokens(),
        t.cacheReadTokens(), t.cacheCreationTokens(), t.cost());
  }

  public UsageCounts plus(UsageCounts o) {
    return new UsageCounts(requests + o.requests, errors + o.errors, attempts + o.attempts,
        inputTokens + o.inputTokens, outputTokens + o.outputTokens, cacheReadTokens + o.cacheReadTokens,
        cacheCreationTokens + o.cacheCreationTokens, cost + o.cost);
  }

  /** {@code t} with these counts in place of its own; its percentiles and histograms stay. */
  public Totals over(Totals t) {
    return new Totals(requests, errors, inputTokens, outputTokens, cacheReadTokens, cacheCreationTokens, cost,
        t.latencyP50Ms(), t.latencyP99Ms(), t.ttftP50Ms(), t.ttftP99Ms(), attempts, t.errorsByType(), t.latency(),
        t.ttft());
  }

  /** A compact text form for stores that keep strings: the fields in order, comma-separated. */
  public String encode() {
    return requests + "," + errors + "," + attempts + "," + inputTokens + "," + outputTokens + ","
        + cacheReadTokens + "," + cacheCreationTokens + "," + cost;
  }

  /** The {@link #encode} form read back; ZERO when it is not one. */
  public static UsageCounts decode(String s) {
    String[] p = s == null ? new String[0] : s.split(",");
    if (p.length != 8) return ZERO;
    try {
      return new UsageCounts(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]),
          Long.parseLong(p[4]), Long.parseLong(p[5]), Long.parseLong(p[6]), Double.parseDouble(p[7]));
    } catch (NumberFormatException e) {
      return ZERO;
    }
  }
}
