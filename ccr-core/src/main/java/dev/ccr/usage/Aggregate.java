package dev.ccr.usage;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running sums for one key (a route, a session, ...), and the latest samples of latency and time to
 * first token, from which percentiles are read. Not thread-safe: the ledger guards it.
 */
final class Aggregate {
  /** Percentiles describe the recent past: the last this many samples. */
  static final int WINDOW = 1024;

  private long requests;
  private long errors;
  private long attempts;
  private final Map<String, Long> errorTypes = new TreeMap<>();
  private final Histogram.Counts latencyBuckets = new Histogram.Counts(Histogram.LATENCY_MS);
  private final Histogram.Counts ttftBuckets = new Histogram.Counts(Histogram.TTFT_MS);
  private long input;
  private long output;
  private long cacheRead;
  private long cacheCreation;
  private double cost;
  private long priced;
  private long cached;
  private long tokensSaved;
  private final Samples latency = new Samples();
  private final Samples ttft = new Samples();

  void add(UsageRecord r) {
    requests++;
    attempts += r.attempts();
    if (r.failed()) {
      errors++;
      errorTypes.merge(r.errorType(), 1L, Long::sum);
    }
    if (r.cached()) {
      // Counted, but neither spent nor timed: a replay says nothing about the route's speed.
      cached++;
      tokensSaved += r.tokensSaved();
      if (r.cost() != null) priced++;
      return;
    }
    latencyBuckets.add(r.durationMs());
    if (r.ttftMs() >= 0) ttftBuckets.add(r.ttftMs());
    input += r.inputTokens();
    output += r.outputTokens();
    cacheRead += r.cacheReadTokens();
    cacheCreation += r.cacheCreationTokens();
    if (r.cost() != null) {
      cost += r.cost();
      priced++;
    }
    latency.add(r.durationMs());
    if (r.ttftMs() >= 0) ttft.add(r.ttftMs());
  }

  Totals totals() {
    return new Totals(requests, errors, input, output, cacheRead, cacheCreation, cost, priced, latency.percentile(50),
        latency.percentile(99), ttft.percentile(50), ttft.percentile(99), attempts, Map.copyOf(errorTypes),
        latencyBuckets.snapshot(), ttftBuckets.snapshot(), cached, tokensSaved);
  }

  /** The {@code p}th percentile of the latest latencies; for rolling conditions. */
  long latencyPercentile(double p) {
    return latency.percentile(p);
  }

  /** A ring of the latest {@link #WINDOW} values. */
  private static final class Samples {
    private final long[] values = new long[WINDOW];
    private long count;

    void add(long v) {
      values[(int) (count++ % WINDOW)] = v;
    }

    /** Nearest-rank percentile; -1 without samples. */
    long percentile(double p) {
      int n = (int) Math.min(count, WINDOW);
      if (n == 0) return -1;
      long[] sorted = Arrays.copyOf(values, n);
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(p / 100 * n);
      return sorted[Math.max(0, Math.min(n, rank) - 1)];
    }
  }
}
