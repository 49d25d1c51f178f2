package dev.ccr;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The provider answered 429; {@link #retryAfter()} says how long it asked to wait, when it said. */
public class RateLimitedException extends ProviderException {
  private final Duration retryAfter;

  public RateLimitedException(String provider, String model, String message, Map<String, List<String>> headers,
      Duration retryAfter) {
    super(provider, model, 429, message, headers, null);
    this.retryAfter = retryAfter;
  }

  /** The wait the provider asked for, or null when it gave none. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
