package dev.ccr.config;

import dev.ccr.internal.VarReferences;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Fills {@code $VAR} and {@code ${VAR}} in strings from the environment, as the original does: a
 * variable that is not set stays as written. Where that text would be a secret ({@code APIKEY}, a
 * provider's key) the parser asks {@link #unset} and refuses to use it.
 */
final class EnvVars {
  private EnvVars() {}

  static JsonValue resolve(JsonValue value, Function<String, String> env) {
    if (value instanceof JsonString s) {
      String r = resolve(s.value(), env);
      return r.equals(s.value()) ? s : new JsonString(r);
    }
    if (value instanceof JsonObject o) {
      LinkedHashMap<String, JsonValue> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        out.put(e.getKey(), resolve(e.getValue(), env));
      }
      return JsonObject.of(out);
    }
    if (value instanceof JsonArray a) {
      List<JsonValue> out = new ArrayList<>(a.size());
      for (JsonValue e : a.elements()) out.add(resolve(e, env));
      return JsonArray.of(out);
    }
    return value;
  }

  static String resolve(String text, Function<String, String> env) {
    return VarReferences.fill(text, env);
  }

  /** The variables {@code text} names that {@code env} does not set, as written ({@code $X} or {@code ${X}}). */
  static List<String> unset(String text, Function<String, String> env) {
    return VarReferences.unknown(text, env);
  }

  /** True when the text names an environment variable. */
  static boolean hasReference(String text) {
    return !VarReferences.names(text).isEmpty();
  }
}
