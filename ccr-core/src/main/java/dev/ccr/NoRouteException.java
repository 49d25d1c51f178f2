package dev.ccr;

/** No configured provider and model can serve the request (HTTP 404, as Anthropic's unknown model). */
public class NoRouteException extends CcrException {
  public NoRouteException(String message) {
    super(404, "not_found_error", message);
  }
}
