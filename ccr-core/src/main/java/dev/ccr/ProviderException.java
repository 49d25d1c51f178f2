package dev.ccr;

import java.util.List;
import java.util.Map;

/** An upstream provider answered with an error status or could not be reached. */
public class ProviderException extends CcrException {
  private final String provider;
  private final String model;
  private final int upstreamStatus;
  private final Map<String, List<String>> headers;

  public ProviderException(
      String provider, String model, int upstreamStatus, String message,
      Map<String, List<String>> headers, Throwable cause) {
    super(upstreamStatus <= 0 ? 502 : upstreamStatus, errorTypeFor(upstreamStatus <= 0 ? 502 : upstreamStatus),
        message, cause);
    this.provider = provider;
    this.model = model;
    this.upstreamStatus = upstreamStatus;
    this.headers = headers == null ? Map.of() : headers;
  }

  /** The configured provider name. */
  public String provider() {
    return provider;
  }

  public String model() {
    return model;
  }

  /** The upstream HTTP status, or 0 when no response arrived (connection refused, reset, timeout). */
  public int upstreamStatus() {
    return upstreamStatus;
  }

  /** The upstream response headers; empty when no response arrived. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  @Override
  public boolean retryable() {
    int s = upstreamStatus;
    return s == 0 || s == 408 || s == 409 || s == 429 || s == 500 || s == 502 || s == 503 || s == 504 || s == 529;
  }
}
