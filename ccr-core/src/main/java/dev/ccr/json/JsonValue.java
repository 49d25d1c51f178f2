package dev.ccr.json;

/**
 * A JSON tree that keeps what it read: object key order, and numbers as their literal text so
 * that {@code 3} is never written back as {@code 3.0}.
 */
public sealed interface JsonValue permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBoolean, JsonNull {

  /** Compact JSON text of this value. */
  default String toJson() {
    return Json.write(this);
  }

  /** This value's string, or null when it is not a JSON string. */
  default String asString() {
    return this instanceof JsonString s ? s.value() : null;
  }

  /** This value as an object, or null when it is not one. */
  default JsonObject asObject() {
    return this instanceof JsonObject o ? o : null;
  }

  /** This value as an array, or null when it is not one. */
  default JsonArray asArray() {
    return this instanceof JsonArray a ? a : null;
  }

  default boolean isNull() {
    return this instanceof JsonNull;
  }
}
