package dev.ccr;

/** The client's request is malformed or asks for something ccr cannot do (HTTP 400). */
public class InvalidRequestException extends CcrException {
  public InvalidRequestException(String message) {
    super(400, "invalid_request_error", message);
  }

  protected InvalidRequestException(int status, String errorType, String message) {
    super(status, errorType, message);
  }
}
