package dev.ccr.usage;

import java.util.Arrays;

/**
 * Counts of observations per bucket, since the start: {@code counts[i]} observations were at most
 * {@code upperBoundsMs[i]} and above the bound before it; the last count, one more than the
 * bounds, is everything above the last bound.
 */
public record Histogram(long[] upperBoundsMs, long[] counts, long sumMs) {
  /** Request durations: LLM answers take from a fraction of a second to minutes. */
  static final long[] LATENCY_MS = {100, 250, 500, 1_000, 2_500, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000};
  static final long[] TTFT_MS = {50, 100, 250, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000};

  public Histogram {
    upperBoundsMs = upperBoundsMs.clone();
    counts = counts.clone();
    if (counts.length != upperBoundsMs.length + 1) throw new IllegalArgumentException("one count per bucket and +Inf");
  }

  @Override
  public long[] upperBoundsMs() {
    return upperBoundsMs.clone();
  }

  @Override
  public long[] counts() {
    return counts.clone();
  }

  /** Observations in all buckets. */
  public long count() {
    return Arrays.stream(counts).sum();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Histogram h && Arrays.equals(upperBoundsMs, h.upperBoundsMs) && Arrays.equals(counts, h.counts)
        && sumMs == h.sumMs;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(counts) + Long.hashCode(sumMs);
  }

  @Override
  public String toString() {
    return "Histogram[bounds=" + Arrays.toString(upperBoundsMs) + ", counts=" + Arrays.toString(counts) + ", sumMs="
        + sumMs + "]";
  }

  /** The mutable form the ledger fills. */
  static final class Counts {
    private final long[] bounds;
    private final long[] counts;
    private long sum;

    Counts(long[] bounds) {
      this.bounds = bounds;
      this.counts = new long[bounds.length + 1];
    }

    void add(long ms) {
      int i = 0;
      while (i < bounds.length && ms > bounds[i]) i++;
      counts[i]++;
      sum += ms;
    }

    Histogram snapshot() {
      return new Histogram(bounds, counts, sum);
    }
  }
}
