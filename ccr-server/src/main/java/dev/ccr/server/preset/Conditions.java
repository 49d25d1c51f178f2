package dev.ccr.server.preset;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * The original's {@code when} on schema inputs and config mappings: {@code {field, operator, value}}
 * (or a list of them, all of which must hold) over the values given at install.
 */
final class Conditions {
  private Conditions() {}

  static boolean hold(JsonValue when, Function<String, String> values) {
    if (when == null || when.isNull()) return true;
    if (when instanceof JsonArray all) {
      for (JsonValue c : all.elements()) {
        if (!hold(c, values)) return false;
      }
      return true;
    }
    if (!(when instanceof JsonObject c) || c.getString("field") == null) return true;
    String actual = values.apply(c.getString("field"));
    String operator = c.getString("operator") != null ? c.getString("operator") : "eq";
    JsonValue expected = c.get("value");
    switch (operator) {
      case "exists":
        return actual != null;
      case "in":
        return expected instanceof JsonArray a && contains(a, actual);
      case "nin":
        return expected instanceof JsonArray a && !contains(a, actual);
      case "ne":
        return !equal(actual, expected);
      case "gt": case "lt": case "gte": case "lte":
        return compare(actual, expected, operator);
      default:
        return equal(actual, expected);
    }
  }

  private static boolean contains(JsonArray a, String actual) {
    for (JsonValue v : a.elements()) {
      if (equal(actual, v)) return true;
    }
    return false;
  }

  private static boolean equal(String actual, JsonValue expected) {
    if (expected == null || expected.isNull()) return actual == null;
    return actual != null && actual.equals(PresetInput.scalar(expected));
  }

  private static boolean compare(String actual, JsonValue expected, String operator) {
    if (actual == null || expected == null) return false;
    try {
      int c = new BigDecimal(actual.trim()).compareTo(new BigDecimal(PresetInput.scalar(expected).trim()));
      return operator.equals("gt") ? c > 0 : operator.equals("lt") ? c < 0 : operator.equals("gte") ? c >= 0 : c <= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
