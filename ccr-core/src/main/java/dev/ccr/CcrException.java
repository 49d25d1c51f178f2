package dev.ccr;

import dev.ccr.model.ApiError;

/**
 * Base of every error ccr raises. Each carries the HTTP status and Anthropic error type a client
 * should see, and says whether trying again may help.
 */
public class CcrException extends RuntimeException {
  private final int status;
  private final String errorType;

  public CcrException(int status, String errorType, String message) {
    this(status, errorType, message, null);
  }

  public CcrException(int status, String errorType, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorType = errorType;
  }

  /** The HTTP status a client of the proxy sees. */
  public int status() {
    return status;
  }

  /** The Anthropic error type, such as {@code invalid_request_error}. */
  public String errorType() {
    return errorType;
  }

  /** True when the same request may succeed if sent again. */
  public boolean retryable() {
    return false;
  }

  /** The error as the body of an Anthropic error response. */
  public ApiError toApiError() {
    return ApiError.of(errorType(), getMessage());
  }

  /** The Anthropic error type for an HTTP status; the one place this mapping lives. */
  public static String errorTypeFor(int status) {
    switch (status) {
      case 400:
      case 422:
        return "invalid_request_error";
      case 401:
        return "authentication_error";
      case 402:
        return "billing_error";
      case 403:
        return "permission_error";
      case 404:
        return "not_found_error";
      case 408:
      case 504:
        return "timeout_error";
      case 413:
        return "request_too_large";
      case 429:
        return "rate_limit_error";
      case 503:
      case 529:
        return "overloaded_error";
      default:
        return status >= 400 && status < 500 ? "invalid_request_error" : "api_error";
    }
  }
}
