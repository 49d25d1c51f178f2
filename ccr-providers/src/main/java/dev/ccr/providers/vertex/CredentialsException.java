package dev.ccr.providers.vertex;

/**
 * Getting an access token failed. {@code status} is what the client should see: 401 when the
 * credentials are missing or refused, 502 when the token endpoint could not answer (worth a retry).
 * Messages name the credentials' source, never key material.
 */
final class CredentialsException extends RuntimeException {
  private final int status;

  CredentialsException(int status, String message) {
    super(message, null, false, false); // no stack trace to log: the message says it all
    this.status = status;
  }

  int status() {
    return status;
  }
}
