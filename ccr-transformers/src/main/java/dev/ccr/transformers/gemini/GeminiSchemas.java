package dev.ccr.transformers.gemini;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonBoolean;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema to the subset Gemini's {@code Schema} accepts (an OpenAPI 3.0 subset): unknown
 * keywords such as {@code $schema}, {@code additionalProperties} and {@code exclusiveMinimum} are
 * dropped, a {@code ["string","null"]} type becomes {@code nullable}, and {@code const} an enum.
 */
public final class GeminiSchemas {
  static final Set<String> KEPT = Set.of("type", "format", "title", "description", "nullable", "enum", "maxItems",
      "minItems", "properties", "required", "minProperties", "maxProperties", "minLength", "maxLength", "pattern",
      "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum");
  /** String formats the Gemini Developer API accepts; others are rejected there. */
  static final Set<String> STRING_FORMATS = Set.of("enum", "date-time");

  private GeminiSchemas() {}

  public static JsonValue clean(JsonValue schema) {
    if (!(schema instanceof JsonObject o)) return schema;
    JsonObject.Builder b = JsonObject.builder();
    JsonValue type = o.get("type");
    if (type instanceof JsonArray types) {
      List<String> named = new ArrayList<>();
      for (JsonValue t : types.elements()) {
        if (t.asString() != null && !t.asString().equals("null")) named.add(t.asString());
      }
      if (named.size() < types.size()) b.put("nullable", JsonBoolean.TRUE);
      if (!named.isEmpty()) b.put("type", named.get(0));
    }
    for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
      String k = e.getKey();
      JsonValue v = e.getValue();
      if (k.equals("const") && v.asString() != null && !o.has("enum")) {
        b.put("enum", JsonArray.of(v));
        continue;
      }
      if (!KEPT.contains(k) || (k.equals("type") && type instanceof JsonArray)) continue;
      switch (k) {
        case "properties":
          JsonObject.Builder props = JsonObject.builder();
          if (v instanceof JsonObject po) po.members().forEach((name, s) -> props.put(name, clean(s)));
          b.put(k, props.build());
          break;
        case "items":
          b.put(k, clean(v));
          break;
        case "anyOf":
          List<JsonValue> any = new ArrayList<>();
          if (v instanceof JsonArray a) a.elements().forEach(s -> any.add(clean(s)));
          b.put(k, JsonArray.of(any));
          break;
        case "format":
          if ("string".equals(o.getString("type")) && !STRING_FORMATS.contains(v.asString())) break;
          b.put(k, v);
          break;
        case "enum":
          List<JsonValue> values = new ArrayList<>();
          if (v instanceof JsonArray a) a.elements().forEach(x -> values.add(x instanceof JsonString ? x : JsonString.of(x.toJson())));
          b.put(k, JsonArray.of(values));
          break;
        default:
          b.put(k, v);
      }
    }
    return b.build();
  }
}
