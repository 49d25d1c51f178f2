package dev.ccr.server.preset;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A preset as the original's v2 writes it: one flat {@code manifest.json} with metadata
 * ({@code name}, {@code version}, {@code description}, {@code author}, {@code keywords}, ...), config
 * keys ({@code Providers}, {@code Router}, {@code transformers}, {@code StatusLine}, ...), and the
 * dynamic part: {@code schema} (inputs given at install), {@code configMappings} and {@code template}.
 */
public record Preset(String name, JsonObject manifest) {
  /** Manifest members that are not config. {@code userValues} is where the original keeps the inputs (ccr does not). */
  static final Set<String> NOT_CONFIG = Set.of("name", "version", "description", "author", "homepage", "repository",
      "license", "keywords", "ccrVersion", "source", "sourceType", "checksum", "schema", "template", "configMappings",
      "userValues");
  /** Where the original puts an input in a manifest: {@code #{id}}. */
  static final Pattern INPUT = Pattern.compile("#\\{(\\w+)\\}");

  public String version() {
    return manifest.getString("version");
  }

  public String description() {
    return manifest.getString("description");
  }

  public String author() {
    return manifest.getString("author");
  }

  public List<String> keywords() {
    List<String> out = new ArrayList<>();
    if (manifest.get("keywords") instanceof JsonArray a) a.elements().forEach(k -> out.add(PresetInput.scalar(k)));
    return out;
  }

  /**
   * The inputs the original wrote into the manifest at install ({@code userValues}): read, so a preset
   * the original installed serves unchanged, but never written by ccr.
   */
  public Map<String, String> userValues() {
    Map<String, String> out = new LinkedHashMap<>();
    if (manifest.get("userValues") instanceof JsonObject o) {
      o.members().forEach((k, v) -> {
        if (!v.isNull()) out.put(k, PresetInput.scalar(v));
      });
    }
    return out;
  }

  /** The inputs its schema declares; problems go to {@code problems}. */
  public List<PresetInput> inputs(List<String> problems) {
    return PresetInput.read(manifest.get("schema"), problems);
  }

  public List<PresetInput> inputs() {
    return inputs(new ArrayList<>());
  }

  /** The config keys of the manifest, as written (placeholders included). */
  public JsonObject configKeys() {
    LinkedHashMap<String, JsonValue> out = new LinkedHashMap<>();
    manifest.members().forEach((k, v) -> {
      if (!NOT_CONFIG.contains(k)) out.put(k, v);
    });
    return JsonObject.of(out);
  }

  /**
   * The config this preset serves, in config.json's shape, with every input still a {@code ${id}}
   * reference so that no value given at install sits in the tree: the {@code template} (when there is
   * one) or the config keys, each {@code #{id}} turned into {@code ${id}}, then each applying
   * {@code configMappings} entry. A number or yes/no input that a mapping places alone takes its
   * value from {@code values}, as those cannot be references. Problems go to {@code problems}, with paths.
   */
  public JsonObject config(Function<String, String> values, List<String> problems) {
    List<PresetInput> inputs = inputs(problems);
    JsonValue base = manifest.get("template") instanceof JsonObject t ? t : configKeys();
    JsonObject config = (JsonObject) references(base);
    JsonValue mappings = manifest.get("configMappings");
    if (mappings == null || mappings.isNull()) return config;
    if (!(mappings instanceof JsonArray list)) {
      problems.add("configMappings must be an array");
      return config;
    }
    for (int i = 0; i < list.size(); i++) {
      String at = "configMappings[" + i + "]";
      if (!(list.get(i) instanceof JsonObject m) || m.getString("target") == null || !m.has("value")) {
        problems.add(at + " must be an object with a target path and a value");
        continue;
      }
      if (!Conditions.hold(m.get("when"), values)) continue;
      JsonValue value = mapped(m.get("value"), inputs, values);
      JsonObject changed = JsonPaths.set(config, m.getString("target"), value);
      if (changed == null) {
        problems.add(at + ".target " + m.getString("target") + " is not a place in the config");
      } else {
        config = changed;
      }
    }
    return config;
  }

  /** A mapping's value: {@code #{id}} is the input (a reference, unless it must be typed), anything else itself. */
  private static JsonValue mapped(JsonValue value, List<PresetInput> inputs, Function<String, String> values) {
    if (!(value instanceof JsonString s)) return value;
    Matcher m = INPUT.matcher(s.value().trim());
    if (!m.matches()) return s.value().startsWith("#") ? references(value) : value;
    String id = m.group(1);
    PresetInput input = inputs.stream().filter(in -> in.id().equals(id)).findFirst().orElse(null);
    if (input != null && (input.type().equals("number") || input.type().equals("confirm")) && values.apply(id) != null) {
      return input.typed(values.apply(id));
    }
    return JsonString.of("${" + id + "}");
  }

  private static JsonValue references(JsonValue v) {
    if (v instanceof JsonString s) {
      return s.value().contains("#{") ? JsonString.of(INPUT.matcher(s.value()).replaceAll("\\${$1}")) : s;
    }
    if (v instanceof JsonObject o) {
      LinkedHashMap<String, JsonValue> out = new LinkedHashMap<>();
      o.members().forEach((k, e) -> out.put(k, references(e)));
      return JsonObject.of(out);
    }
    if (v instanceof JsonArray a) {
      List<JsonValue> out = new ArrayList<>(a.size());
      for (JsonValue e : a.elements()) out.add(references(e));
      return JsonArray.of(out);
    }
    return v;
  }
}
