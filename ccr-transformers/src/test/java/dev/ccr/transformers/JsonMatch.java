package dev.ccr.transformers;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;

/** JSON tree comparison where an expected string {@code "*"} matches any string (generated ids, signatures). */
public final class JsonMatch {
  private JsonMatch() {}

  /** Null when they match, else the path of the first difference. */
  public static String difference(JsonValue expected, JsonValue actual, String path) {
    if (expected instanceof JsonString s && s.value().equals("*") && actual instanceof JsonString) return null;
    if (expected instanceof JsonObject e && actual instanceof JsonObject a) {
      if (!e.members().keySet().equals(a.members().keySet())) {
        return path + ": members " + e.members().keySet() + " != " + a.members().keySet();
      }
      for (String k : e.members().keySet()) {
        String d = difference(e.get(k), a.get(k), path + "." + k);
        if (d != null) return d;
      }
      return null;
    }
    if (expected instanceof JsonArray e && actual instanceof JsonArray a) {
      if (e.size() != a.size()) return path + ": " + e.size() + " elements != " + a.size();
      for (int i = 0; i < e.size(); i++) {
        String d = difference(e.get(i), a.get(i), path + "[" + i + "]");
        if (d != null) return d;
      }
      return null;
    }
    return expected.equals(actual) ? null : path + ": expected " + expected.toJson() + " but was " + actual.toJson();
  }
}
