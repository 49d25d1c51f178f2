package dev.ccr.model;

import dev.ccr.InvalidRequestException;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonBoolean;
import dev.ccr.json.JsonNull;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Takes known members out of a JSON object and leaves the rest as {@code extra}. A known member
 * that is JSON null stays in extra, so it is written back as it came.
 */
final class Fields {
  private final JsonObject object;
  private final String path;
  private String[] taken = new String[8];
  private int count;

  Fields(JsonObject object, String path) {
    this.object = object;
    this.path = path;
  }

  String path(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private JsonValue take(String name) {
    JsonValue v = object.get(name);
    if (v == null || v instanceof JsonNull) return null;
    if (count == taken.length) taken = java.util.Arrays.copyOf(taken, count * 2);
    taken[count++] = name;
    return v;
  }

  String string(String name) {
    JsonValue v = take(name);
    if (v == null) return null;
    if (v instanceof JsonString s) return s.value();
    throw invalid(name, "Input should be a valid string");
  }

  String requiredString(String name) {
    String s = string(name);
    if (s == null) throw invalid(name, "Field required");
    return s;
  }

  Integer integer(String name) {
    JsonValue v = take(name);
    if (v == null) return null;
    if (v instanceof JsonNumber n) {
      try {
        return n.intValue();
      } catch (ArithmeticException e) {
        // fall through to the error below
      }
    }
    throw invalid(name, "Input should be a valid integer");
  }

  Double number(String name) {
    JsonValue v = take(name);
    if (v == null) return null;
    if (v instanceof JsonNumber n) return n.doubleValue();
    throw invalid(name, "Input should be a valid number");
  }

  Boolean bool(String name) {
    JsonValue v = take(name);
    if (v == null) return null;
    if (v instanceof JsonBoolean b) return b.value();
    throw invalid(name, "Input should be a valid boolean");
  }

  JsonObject object(String name) {
    JsonValue v = take(name);
    if (v == null) return null;
    if (v instanceof JsonObject o) return o;
    throw invalid(name, "Input should be a valid object");
  }

  JsonArray array(String name) {
    JsonValue v = take(name);
    if (v == null) return null;
    if (v instanceof JsonArray a) return a;
    throw invalid(name, "Input should be a valid list");
  }

  JsonValue any(String name) {
    return take(name);
  }

  /** Everything not taken, in order. */
  JsonObject extra() {
    Map<String, JsonValue> members = object.members();
    if (members.size() == count) return JsonObject.of();
    LinkedHashMap<String, JsonValue> rest = new LinkedHashMap<>();
    outer:
    for (Map.Entry<String, JsonValue> e : members.entrySet()) {
      String k = e.getKey();
      for (int i = 0; i < count; i++) {
        if (taken[i].equals(k)) continue outer;
      }
      rest.put(k, e.getValue());
    }
    return JsonObject.of(rest);
  }

  InvalidRequestException invalid(String name, String message) {
    return new InvalidRequestException(path(name) + ": " + message);
  }
}
