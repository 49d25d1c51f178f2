package dev.ccr.json;

/** Text that is not valid JSON; the message says where, as a JSON path. */
public final class JsonParseException extends IllegalArgumentException {
  public JsonParseException(String message) {
    super(message);
  }
}
