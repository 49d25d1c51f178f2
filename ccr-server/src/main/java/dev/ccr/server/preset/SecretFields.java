package dev.ccr.server.preset;

import dev.ccr.internal.Redaction;
import dev.ccr.internal.VarReferences;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the secrets in a config and takes them out: each secret-looking value becomes a
 * {@code ${PROVIDER_KEY}} placeholder, declared as a schema input with a config mapping (so the
 * original fills it at install as well), and its value is handed back to be kept elsewhere.
 */
public final class SecretFields {
  /** A provider or plug-in entry: its secrets are named after it. */
  private static final Pattern ENTRY = Pattern.compile("(Providers|providers|transformers)\\[\\d+\\]");

  private SecretFields() {}

  /**
   * The config without its secrets. {@code inputs} declares a placeholder for each value taken out and
   * for each {@code $VAR} reference found in a secret field (a reference is a name, not a secret, so it
   * stays as written); {@code mappings} puts each back at its path; {@code values} holds what was taken out.
   */
  public record Extracted(JsonObject config, List<PresetInput> inputs, List<JsonObject> mappings,
      Map<String, String> values) {}

  /** Takes the secrets out of {@code config}; {@code known} inputs (already declared) are reused, not declared again. */
  public static Extracted extract(JsonObject config, List<PresetInput> known) {
    Walk w = new Walk(known);
    JsonObject out = (JsonObject) w.walk(config, "", null);
    return new Extracted(out, List.copyOf(w.inputs), List.copyOf(w.mappings), Map.copyOf(w.values));
  }

  private static final class Walk {
    final List<PresetInput> known;
    final List<PresetInput> inputs = new ArrayList<>();
    final List<JsonObject> mappings = new ArrayList<>();
    final Map<String, String> values = new LinkedHashMap<>();

    Walk(List<PresetInput> known) {
      this.known = known;
    }

    JsonValue walk(JsonValue node, String path, String entity) {
      if (node instanceof JsonObject o) {
        String here = entity;
        if (o.getString("name") != null && ENTRY.matcher(path).matches()) {
          here = o.getString("name");
        }
        LinkedHashMap<String, JsonValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
          String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
          out.put(e.getKey(), Redaction.isSecretName(e.getKey()) ? secret(e.getValue(), at, here, e.getKey())
              : Redaction.holdsSecrets(e.getKey()) && e.getValue() instanceof JsonObject h ? everyValue(h, at, here)
              : walk(e.getValue(), at, here));
        }
        return JsonObject.of(out);
      }
      if (node instanceof JsonArray a) {
        List<JsonValue> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) out.add(walk(a.get(i), path + "[" + i + "]", entity));
        return JsonArray.of(out);
      }
      if (node instanceof JsonString s) { // a preset reads only the variables it declares: declare each it names
        VarReferences.names(s.value()).forEach(name -> declare(name, path, name, "input"));
      }
      return node;
    }

    /** A {@code headers} object: each value is a secret, named for its header. */
    JsonObject everyValue(JsonObject o, String path, String entity) {
      LinkedHashMap<String, JsonValue> out = new LinkedHashMap<>();
      o.members().forEach((k, v) -> out.put(k, secret(v, path + "." + k, entity, k)));
      return JsonObject.of(out);
    }

    /** A value under a secret name: text is taken out (or, when a reference, declared); a list, each of its texts. */
    JsonValue secret(JsonValue v, String path, String entity, String field) {
      if (v instanceof JsonArray a) {
        List<JsonValue> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
          out.add(secret(a.get(i), path + "[" + i + "]", entity, field + "_" + (i + 1)));
        }
        return JsonArray.of(out);
      }
      if (!(v instanceof JsonString s) || s.value().isEmpty()) return walk(v, path, entity);
      String whole = VarReferences.whole(s.value());
      if (whole != null) {
        declare(whole, path, whole);
        mappings.add(mapping(path, whole));
        return v;
      }
      if (Preset.INPUT.matcher(s.value()).find()) return v; // #{id}: the original's place for an input, already declared
      List<String> parts = VarReferences.names(s.value());
      if (!parts.isEmpty()) { // "Bearer $TOKEN": the reference stays inside the text, and its variable is declared
        parts.forEach(name -> declare(name, path, name));
        return v;
      }
      String name = unique(placeholderName(entity, field));
      declare(name, path, entity == null ? field : entity + " " + field);
      mappings.add(mapping(path, name));
      values.put(name, s.value());
      return JsonString.of("${" + name + "}");
    }

    void declare(String name, String path, String label) {
      declare(name, path, label, "password");
    }

    void declare(String name, String path, String label, String type) {
      if (isDeclared(name)) return;
      inputs.add(new PresetInput(name, type, label, path, null, true, List.of(), null));
    }

    boolean isDeclared(String name) {
      return inputs.stream().anyMatch(i -> i.id().equals(name)) || known.stream().anyMatch(i -> i.id().equals(name));
    }

    String unique(String name) {
      String n = name;
      for (int i = 2; isDeclared(n); i++) n = name + "_" + i;
      return n;
    }
  }

  /** {@code DEEPSEEK_API_KEY} for a provider {@code deepseek}'s {@code api_key}; {@code APIKEY} at the top. */
  static String placeholderName(String entity, String field) {
    String f = field.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    if (entity == null) return f;
    String e = entity.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    String n = e.equals(f) ? e : e + "_" + f;
    return Character.isDigit(n.charAt(0)) ? "_" + n : n;
  }

  private static JsonObject mapping(String path, String name) {
    return JsonObject.builder().put("target", path).put("value", "#{" + name + "}").build();
  }
}
