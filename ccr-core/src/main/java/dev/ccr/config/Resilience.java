package dev.ccr.config;

/**
 * Retry, circuit-breaker and timeout settings, from the optional {@code RETRY}, {@code
 * CIRCUIT_BREAKER} and {@code TIMEOUTS} objects (ccr's own keys; the original has none).
 *
 * @param attempts tries per candidate, the first included
 * @param initialBackoffMs wait before the second try; doubles each time, with jitter
 * @param maxBackoffMs longest wait between tries
 * @param maxRetryAfterMs longest {@code Retry-After} honoured; a longer one moves on to the next candidate
 * @param breakerFailures consecutive failures that open a provider-and-model's circuit
 * @param breakerOpenMs how long an open circuit is skipped before one probe is let through
 * @param connectMs connect timeout
 * @param firstByteMs longest wait for the first byte of a reply (reasoning models think for minutes)
 * @param idleMs longest silence between two chunks of a stream
 * @param requestBodyMs longest time a client may take to send its request body
 */
public record Resilience(
    int attempts,
    long initialBackoffMs,
    long maxBackoffMs,
    long maxRetryAfterMs,
    int breakerFailures,
    long breakerOpenMs,
    long connectMs,
    long firstByteMs,
    long idleMs,
    long requestBodyMs) {

  /** Defaults: three tries, 0.5 s doubling to 8 s, five failures open a circuit for 30 s. */
  public static Resilience defaults(long apiTimeoutMs) {
    return new Resilience(3, 500, 8_000, 60_000, 5, 30_000, 10_000, apiTimeoutMs, 300_000, 30_000);
  }
}
