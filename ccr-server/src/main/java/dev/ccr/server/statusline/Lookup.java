package dev.ccr.server.statusline;

import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;

/** Reads a member along a path in JSON of unknown shape: anything missing or of another type is null. */
final class Lookup {
  private Lookup() {}

  static JsonValue at(JsonValue root, String... path) {
    JsonValue v = root;
    for (String name : path) {
      JsonObject o = v == null ? null : v.asObject();
      if (o == null) return null;
      v = o.get(name);
    }
    return v;
  }

  static String text(JsonValue root, String... path) {
    JsonValue v = at(root, path);
    return v == null ? null : v.asString();
  }

  static Double number(JsonValue root, String... path) {
    JsonValue v = at(root, path);
    if (!(v instanceof JsonNumber n)) return null;
    double d = n.doubleValue();
    return Double.isFinite(d) ? d : null;
  }

  static JsonObject object(JsonValue root, String... path) {
    JsonValue v = at(root, path);
    return v == null ? null : v.asObject();
  }
}
