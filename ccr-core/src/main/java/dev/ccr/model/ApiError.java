package dev.ccr.model;

import dev.ccr.json.JsonObject;
import java.util.Objects;

/**
 * The {@code error} of an Anthropic error body {@code {"type":"error","error":{...}}}: {@code
 * type} such as {@code invalid_request_error} or {@code overloaded_error}, and a message.
 */
public record ApiError(String type, String message, JsonObject extra) {
  public ApiError {
    Objects.requireNonNull(type, "type");
    message = message == null ? "" : message;
    extra = Extra.orEmpty(extra);
  }

  public static ApiError of(String type, String message) {
    return new ApiError(type, message, JsonObject.of());
  }
}
