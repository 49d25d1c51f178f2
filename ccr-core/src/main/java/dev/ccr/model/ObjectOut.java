package dev.ccr.model;

import com.squareup.moshi.JsonWriter;
import dev.ccr.json.Json;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.util.Map;

/**
 * Writes one JSON object: known members first, then the extra members that were not written as
 * known ones. Null known members are skipped unless written with {@link #nullable}.
 */
final class ObjectOut {
  private final JsonWriter w;
  private String[] written = new String[8];
  private int count;

  ObjectOut(JsonWriter w) throws IOException {
    this.w = w;
    w.beginObject();
  }

  private JsonWriter name(String name) throws IOException {
    if (count == written.length) written = java.util.Arrays.copyOf(written, count * 2);
    written[count++] = name;
    return w.name(name);
  }

  ObjectOut string(String name, String value) throws IOException {
    if (value != null) name(name).value(value);
    return this;
  }

  /** Writes the member even when null: response fields such as {@code stop_reason} are always present. */
  ObjectOut nullable(String name, String value) throws IOException {
    name(name);
    if (value == null) {
      w.setSerializeNulls(true);
      w.nullValue();
    } else {
      w.value(value);
    }
    return this;
  }

  ObjectOut integer(String name, Integer value) throws IOException {
    if (value != null) name(name).value(value.longValue());
    return this;
  }

  ObjectOut number(String name, Double value) throws IOException {
    if (value != null) {
      name(name);
      Json.writeLiteral(w, JsonNumber.of(value).literal());
    }
    return this;
  }

  ObjectOut bool(String name, Boolean value) throws IOException {
    if (value != null) name(name).value(value.booleanValue());
    return this;
  }

  ObjectOut tree(String name, JsonValue value) throws IOException {
    if (value != null) {
      name(name);
      Json.write(w, value);
    }
    return this;
  }

  /** Names a member whose value the caller writes next on {@link #writer()}. */
  JsonWriter member(String name) throws IOException {
    return name(name);
  }

  JsonWriter writer() {
    return w;
  }

  void end(JsonObject extra) throws IOException {
    outer:
    for (Map.Entry<String, JsonValue> e : extra.members().entrySet()) {
      String k = e.getKey();
      for (int i = 0; i < count; i++) {
        if (written[i].equals(k)) continue outer;
      }
      w.name(k);
      Json.write(w, e.getValue());
    }
    w.endObject();
  }
}
