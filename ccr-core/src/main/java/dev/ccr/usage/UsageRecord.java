package dev.ccr.usage;

import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * What one exchange cost and how it went: where it was routed and why, how it ended, the tokens
 * the provider reported and how fast they came.
 *
 * @param requestId the host's id for the exchange (the proxy's {@code request-id} header)
 * @param time when the exchange began
 * @param sessionId the client session, or null when unknown
 * @param scenario the routing scenario ({@code default}, {@code think}, ...)
 * @param reason why the router chose the route
 * @param provider the provider that answered (the last one tried when none did)
 * @param model the model asked there
 * @param status the HTTP status the client saw; 499 when the client went away
 * @param attempts upstream calls made, retries and fallbacks included
 * @param ttftMs time to the first event or byte of the answer; -1 when none came
 * @param durationMs time from the start to the end of the exchange
 * @param outputTokensPerSecond output tokens over the time they took to arrive; 0 when unknown
 * @param errorType the Anthropic error type when the exchange failed ({@code cancelled} when the
 *     client left), else null
 * @param cost in the prices' currency, or null when no price is known for the route; 0 for a cached answer
 * @param cached answered from the response cache: no provider was called, so no tokens were spent
 *     (the token fields are 0) and {@code tokensSaved} says what the replayed answer had cost
 * @param tokensSaved input and output tokens of a cached answer's original; 0 when not cached
 */
public record UsageRecord(
    String requestId,
    Instant time,
    String sessionId,
    String scenario,
    String reason,
    String provider,
    String model,
    int status,
    int attempts,
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheCreationTokens,
    long ttftMs,
    long durationMs,
    double outputTokensPerSecond,
    String errorType,
    Double cost,
    boolean cached,
    long tokensSaved) {
  /** The error type of an exchange the client left before it ended. */
  public static final String CANCELLED = "cancelled";

  public UsageRecord {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    scenario = scenario == null ? "" : scenario;
    reason = reason == null ? "" : reason;
  }

  /** The record of an exchange a provider answered (not the response cache). */
  public UsageRecord(String requestId, Instant time, String sessionId, String scenario, String reason, String provider,
      String model, int status, int attempts, long inputTokens, long outputTokens, long cacheReadTokens,
      long cacheCreationTokens, long ttftMs, long durationMs, double outputTokensPerSecond, String errorType, Double cost) {
    this(requestId, time, sessionId, scenario, reason, provider, model, status, attempts, inputTokens, outputTokens,
        cacheReadTokens, cacheCreationTokens, ttftMs, durationMs, outputTokensPerSecond, errorType, cost, false, 0);
  }

  /** {@code provider,model}. */
  public String route() {
    return provider + "," + model;
  }

  public boolean failed() {
    return errorType != null;
  }

  /** Every input token: fresh, read from the cache and written to it. */
  public long inputTotal() {
    return inputTokens + cacheReadTokens + cacheCreationTokens;
  }

  /** The record as the {@code /api/requests} endpoints write it. */
  public JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder()
        .put("request_id", requestId == null ? "" : requestId)
        .put("time", time.toString());
    if (sessionId != null) b.put("session_id", sessionId);
    b.put("scenario", scenario).put("reason", reason).put("route", route()).put("provider", provider)
        .put("model", model).put("status", status).put("attempts", attempts)
        .put("input_tokens", inputTokens).put("output_tokens", outputTokens)
        .put("cache_read_tokens", cacheReadTokens).put("cache_creation_tokens", cacheCreationTokens);
    if (ttftMs >= 0) b.put("ttft_ms", ttftMs);
    b.put("duration_ms", durationMs).put("output_tokens_per_second", JsonNumber.of(round(outputTokensPerSecond, 1)));
    if (errorType != null) b.put("error_type", errorType);
    if (cost != null) b.put("cost", JsonNumber.of(round(cost, 8)));
    if (cached) b.put("cached", true).put("tokens_saved", tokensSaved);
    return b.build();
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
