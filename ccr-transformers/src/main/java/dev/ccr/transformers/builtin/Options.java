package dev.ccr.transformers.builtin;

import dev.ccr.ConfigException;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;

/** Reads a transformer's options object; a wrong type is a configuration error naming the transformer. */
final class Options {
  private final String transformer;
  private final JsonObject options;

  Options(String transformer, JsonValue options) {
    this.transformer = transformer;
    if (options == null || options.isNull()) {
      this.options = JsonObject.of();
    } else if (options instanceof JsonObject o) {
      this.options = o;
    } else {
      throw new ConfigException("options of transformer \"" + transformer + "\" must be an object; got " + options.toJson());
    }
  }

  JsonObject all() {
    return options;
  }

  JsonNumber number(String name) {
    JsonValue v = options.get(name);
    if (v == null || v.isNull()) return null;
    if (v instanceof JsonNumber n) return n;
    throw new ConfigException("option " + name + " of transformer \"" + transformer + "\" must be a number");
  }

  Long wholeNumber(String name) {
    JsonNumber n = number(name);
    if (n == null) return null;
    if (!n.isIntegral()) {
      throw new ConfigException("option " + name + " of transformer \"" + transformer + "\" must be a whole number");
    }
    return n.longValue();
  }

  boolean bool(String name, boolean fallback) {
    Boolean b = options.getBoolean(name);
    return b != null ? b : fallback;
  }
}
