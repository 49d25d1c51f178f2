package dev.ccr;

/**
 * A request ccr itself turned away before sending it anywhere: over a configured rate limit (429
 * {@code rate_limit_error}) or while ccr is full (529 {@code overloaded_error}). {@link
 * #retryAfterSeconds} is what the client's {@code retry-after} header says.
 */
public final class LimitExceededException extends CcrException {
  private final long retryAfterSeconds;

  public LimitExceededException(int status, String message, long retryAfterSeconds) {
    super(status, errorTypeFor(status), message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
