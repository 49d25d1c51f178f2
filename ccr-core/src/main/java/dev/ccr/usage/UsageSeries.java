package dev.ccr.usage;

import dev.ccr.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Usage over time: per-minute buckets for the last hour and per-hour buckets for the last day, in
 * all and by route, provider and model. Each series is a ring of fixed buckets, so memory stays
 * bounded however long the server runs; a bucket is by the time the exchange started (UTC, on whole
 * minutes or hours). Past {@link Figures#KEYS} names per grouping the rest count as {@code other}.
 */
public final class UsageSeries {
  /** How wide a bucket is, and how many of them are kept. */
  public enum Resolution {
    MINUTE(Duration.ofMinutes(1), 60),
    HOUR(Duration.ofHours(1), 24);

    final long seconds;
    final int buckets;

    Resolution(Duration width, int buckets) {
      this.seconds = width.toSeconds();
      this.buckets = buckets;
    }

    public long seconds() {
      return seconds;
    }

    public int buckets() {
      return buckets;
    }

    /** {@code minute} or {@code hour}, as a query names it; null for anything else. */
    public static Resolution named(String name) {
      for (Resolution r : values()) {
        if (r.name().toLowerCase(Locale.ROOT).equals(name)) return r;
      }
      return null;
    }
  }

  /** What the series are grouped by. */
  public enum By {
    TOTAL, ROUTE, PROVIDER, MODEL;

    /** {@code total}, {@code route}, {@code provider} or {@code model}; null for anything else. */
    public static By named(String name) {
      for (By b : values()) {
        if (b.name().toLowerCase(Locale.ROOT).equals(name)) return b;
      }
      return null;
    }
  }

  /** One bucket's sums; {@code cost} covers the priced requests only. */
  public record Point(Instant start, long requests, long errors, long inputTokens, long outputTokens, double cost,
      long pricedRequests) {
    public JsonObject toJson() {
      JsonObject.Builder b = JsonObject.builder().put("start", start.toString()).put("requests", requests)
          .put("errors", errors).put("input_tokens", inputTokens).put("output_tokens", outputTokens);
      if (pricedRequests > 0) b.put("cost", dev.ccr.json.JsonNumber.of(UsageRecord.round(cost, 8))); // no price: no cost, never $0
      return b.build();
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Map<String, Ring[]>> groups = new TreeMap<>();

  UsageSeries() {
    for (By by : By.values()) groups.put(by.name(), new TreeMap<>());
  }

  void add(UsageRecord r) {
    long epoch = r.time().getEpochSecond();
    lock.lock();
    try {
      rings(By.TOTAL, "total", epoch, r);
      rings(By.ROUTE, r.route(), epoch, r);
      rings(By.PROVIDER, r.provider(), epoch, r);
      rings(By.MODEL, r.model(), epoch, r);
    } finally {
      lock.unlock();
    }
  }

  private void rings(By by, String name, long epoch, UsageRecord r) {
    Map<String, Ring[]> named = groups.get(by.name());
    String key = name == null ? "-" : name;
    if (!named.containsKey(key) && named.size() >= Figures.KEYS) key = Figures.OTHER;
    Ring[] rings = named.computeIfAbsent(key, k -> new Ring[] {new Ring(Resolution.MINUTE), new Ring(Resolution.HOUR)});
    for (Ring ring : rings) ring.add(epoch, r);
  }

  /**
   * Each name's buckets at {@code resolution}, oldest first, the last one holding {@code now}; a
   * bucket without requests is all zeros.
   */
  public Map<String, List<Point>> series(By by, Resolution resolution, Instant now) {
    Map<String, List<Point>> out = new TreeMap<>();
    lock.lock();
    try {
      groups.get(by.name()).forEach((name, rings) -> out.put(name, rings[resolution.ordinal()].points(now.getEpochSecond())));
    } finally {
      lock.unlock();
    }
    return out;
  }

  /** A fixed ring of buckets: slot {@code b mod n} holds bucket {@code b} until a later one takes its place. */
  private static final class Ring {
    private final Resolution resolution;
    private final long[] bucket;
    private final long[][] counts; // requests, errors, input, output, priced
    private final double[] cost;

    Ring(Resolution resolution) {
      this.resolution = resolution;
      int n = resolution.buckets;
      this.bucket = new long[n];
      java.util.Arrays.fill(bucket, Long.MIN_VALUE);
      this.counts = new long[n][5];
      this.cost = new double[n];
    }

    void add(long epoch, UsageRecord r) {
      long b = Math.floorDiv(epoch, resolution.seconds);
      int slot = (int) Math.floorMod(b, (long) resolution.buckets);
      if (bucket[slot] > b) return; // older than the window this slot covers now
      if (bucket[slot] < b) {
        bucket[slot] = b;
        java.util.Arrays.fill(counts[slot], 0);
        cost[slot] = 0;
      }
      long[] c = counts[slot];
      c[0]++;
      if (r.failed()) c[1]++;
      c[2] += r.inputTokens();
      c[3] += r.outputTokens();
      if (r.cost() != null) {
        c[4]++;
        cost[slot] += r.cost();
      }
    }

    List<Point> points(long nowEpoch) {
      long last = Math.floorDiv(nowEpoch, resolution.seconds);
      List<Point> out = new ArrayList<>(resolution.buckets);
      for (long b = last - resolution.buckets + 1; b <= last; b++) {
        int slot = (int) Math.floorMod(b, (long) resolution.buckets);
        Instant start = Instant.ofEpochSecond(b * resolution.seconds);
        long[] c = counts[slot];
        out.add(bucket[slot] == b ? new Point(start, c[0], c[1], c[2], c[3], cost[slot], c[4])
            : new Point(start, 0, 0, 0, 0, 0, 0));
      }
      return out;
    }
  }
}
