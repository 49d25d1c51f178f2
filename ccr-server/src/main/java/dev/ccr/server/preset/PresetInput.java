package dev.ccr.server.preset;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonBoolean;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One entry of a manifest's {@code schema}: a value the user gives at install, such as an API key.
 * The original's fields: {@code id}, {@code type} ({@code password} when absent), {@code label},
 * {@code prompt}, {@code defaultValue}, {@code required} (true when absent), static {@code options}
 * and {@code when}.
 */
public record PresetInput(String id, String type, String label, String prompt, String defaultValue, boolean required,
    List<String> options, JsonValue when) {

  public PresetInput {
    options = List.copyOf(options);
  }

  /** A secret the user types without it showing; also how an input with no type is asked. */
  public boolean secret() {
    return type.equals("password");
  }

  /** What the user is shown when asked for this input. */
  public String question() {
    String text = label != null ? label : id;
    if (prompt != null && !prompt.equals(text)) text += " (" + prompt + ")";
    return text;
  }

  /** True when its {@code when} holds for the values given so far (or it has none). */
  public boolean applies(Function<String, String> values) {
    return Conditions.hold(when, values);
  }

  /** The inputs a manifest's {@code schema} declares; what is wrong with it goes to {@code problems}, with its path. */
  static List<PresetInput> read(JsonValue schema, List<String> problems) {
    List<PresetInput> inputs = new ArrayList<>();
    if (schema == null || schema.isNull()) return inputs;
    if (!(schema instanceof JsonArray a)) {
      problems.add("schema must be an array of inputs");
      return inputs;
    }
    for (int i = 0; i < a.size(); i++) {
      String at = "schema[" + i + "]";
      if (!(a.get(i) instanceof JsonObject o)) {
        problems.add(at + " must be an object");
        continue;
      }
      String id = o.getString("id");
      if (id == null || !id.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        problems.add(at + ".id must be a name of letters, digits and _ (it is used as #{id}); got "
            + (o.get("id") == null ? "nothing" : o.get("id")));
        continue;
      }
      if (inputs.stream().anyMatch(in -> in.id().equals(id))) {
        problems.add(at + ".id \"" + id + "\" is declared twice");
        continue;
      }
      String type = o.getString("type") != null ? o.getString("type").toLowerCase(Locale.ROOT) : "password";
      List<String> options = new ArrayList<>();
      if (o.get("options") instanceof JsonArray opts) {
        for (JsonValue opt : opts.elements()) {
          JsonValue v = opt instanceof JsonObject oo ? oo.get("value") : opt;
          if (v != null) options.add(scalar(v));
        }
      }
      JsonValue required = o.get("required");
      JsonValue def = o.get("defaultValue");
      inputs.add(new PresetInput(id, type, o.getString("label"), o.getString("prompt"),
          def == null || def.isNull() ? null : scalar(def), !(required instanceof JsonBoolean b) || b.value(),
          options, o.get("when")));
    }
    return inputs;
  }

  /** This input as a manifest's schema holds it. */
  public JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder().put("id", id).put("type", type);
    if (label != null) b.put("label", label);
    if (prompt != null) b.put("prompt", prompt);
    if (defaultValue != null) b.put("defaultValue", defaultValue);
    b.put("required", required);
    return b.build();
  }

  /** The value as the config takes it: a number or a boolean for those types, else text. */
  JsonValue typed(String value) {
    if (type.equals("number")) {
      try {
        return JsonNumber.of(value.trim());
      } catch (RuntimeException e) {
        return JsonString.of(value);
      }
    }
    if (type.equals("confirm")) return JsonBoolean.of(Boolean.parseBoolean(value.trim()));
    return JsonString.of(value);
  }

  /** A scalar as text: a string as it is, a number or boolean as JSON writes it. */
  public static String scalar(JsonValue v) {
    return v instanceof JsonString s ? s.value() : v.toString();
  }
}
