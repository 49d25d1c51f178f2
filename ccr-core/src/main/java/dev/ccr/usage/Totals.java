package dev.ccr.usage;

import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;

/**
 * Sums over a set of exchanges, and latency percentiles over the most recent of them.
 *
 * @param cost summed over the exchanges with a known price; 0 when none had one
 * @param pricedRequests the exchanges with a known price: the others are not free, their cost is unknown
 * @param latencyP50Ms -1 when there is no sample (likewise the other percentiles)
 * @param attempts upstream calls, retries and fallbacks included
 * @param errorsByType failed exchanges by Anthropic error type
 * @param latency durations, bucketed since the start
 * @param ttft times to first token, bucketed since the start
 * @param cachedRequests exchanges the response cache answered (in {@code requests}; no tokens spent, no time sampled)
 * @param tokensSaved input and output tokens the cached answers did not spend
 */
public record Totals(
    long requests,
    long errors,
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheCreationTokens,
    double cost,
    long pricedRequests,
    long latencyP50Ms,
    long latencyP99Ms,
    long ttftP50Ms,
    long ttftP99Ms,
    long attempts,
    java.util.Map<String, Long> errorsByType,
    Histogram latency,
    Histogram ttft,
    long cachedRequests,
    long tokensSaved) {
  public Totals {
    errorsByType = java.util.Map.copyOf(errorsByType);
  }

  /** Sums over no exchange at all. */
  public static Totals none() {
    return new Aggregate().totals();
  }

  /** Failed exchanges over all of them; 0 when there were none. */
  public double errorRate() {
    return requests == 0 ? 0 : (double) errors / requests;
  }

  /** The exchanges whose route had no price. */
  public long unpricedRequests() {
    return requests - pricedRequests;
  }

  /** The figures as {@code /api/usage} writes them: no {@code cost} when no exchange had a price. */
  public JsonObject toJson() {
    JsonObject.Builder errors = JsonObject.builder();
    new java.util.TreeMap<>(errorsByType).forEach(errors::put);
    JsonObject.Builder b = JsonObject.builder().put("requests", requests).put("errors", this.errors)
        .put("errors_by_type", errors.build()).put("attempts", attempts)
        .put("input_tokens", inputTokens).put("output_tokens", outputTokens)
        .put("cache_read_tokens", cacheReadTokens).put("cache_creation_tokens", cacheCreationTokens);
    if (pricedRequests > 0) b.put("cost", JsonNumber.of(UsageRecord.round(cost, 8)));
    if (pricedRequests > 0 && unpricedRequests() > 0) b.put("unpriced_requests", unpricedRequests());
    if (cachedRequests > 0) b.put("cached_requests", cachedRequests).put("tokens_saved", tokensSaved);
    if (latencyP50Ms >= 0) b.put("latency_p50_ms", latencyP50Ms).put("latency_p99_ms", latencyP99Ms);
    if (ttftP50Ms >= 0) b.put("ttft_p50_ms", ttftP50Ms).put("ttft_p99_ms", ttftP99Ms);
    return b.build();
  }
}
