package dev.ccr.server.benchmark;

import java.util.Arrays;
import java.util.List;
import dev.ccr.usage.PriceTable;

/**
 * One route's figures over its samples: latency percentiles and time to first token of the requests
 * that succeeded, output tokens per second of generation, errors, and the mean cost per request when
 * the route's prices are known. A figure that cannot be had is null.
 */
public record RouteResult(String target, int requests, int errors, Double latencyP50Ms, Double latencyP95Ms,
    Double ttftP50Ms, Double outputTokensPerSecond, Double costPerRequest, String firstError) {

  static RouteResult of(String target, List<Sample> samples, PriceTable prices) {
    List<Sample> ok = samples.stream().filter(Sample::ok).toList();
    long[] latencies = ok.stream().mapToLong(Sample::latencyNanos).sorted().toArray();
    long[] ttfts = ok.stream().mapToLong(Sample::ttftNanos).filter(t -> t >= 0).sorted().toArray();
    long outputTokens = ok.stream().mapToLong(Sample::outputTokens).sum();
    long generation = ok.stream().mapToLong(Sample::generationNanos).sum();
    Double speed = generation > 0 && outputTokens > 0 ? outputTokens / (generation / 1e9) : null;
    Double cost = null;
    if (!ok.isEmpty()) {
      long inputTokens = ok.stream().mapToLong(Sample::inputTokens).sum();
      int comma = target.indexOf(',');
      cost = prices.find(target.substring(0, comma), target.substring(comma + 1))
          .map(p -> p.cost(inputTokens, outputTokens, 0, 0) / ok.size()).orElse(null);
    }
    String firstError = samples.stream().filter(s -> !s.ok()).map(Sample::error).findFirst().orElse(null);
    return new RouteResult(target, samples.size(), samples.size() - ok.size(), percentileMs(latencies, 50),
        percentileMs(latencies, 95), percentileMs(ttfts, 50), speed, cost, firstError);
  }

  /** The nearest-rank percentile of sorted {@code nanos}, in milliseconds; null when there are none. */
  static Double percentileMs(long[] nanos, int percentile) {
    if (nanos.length == 0) return null;
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
