package dev.ccr.config;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code $VAR} and {@code ${VAR}} in strings from the environment, as the original does: a
 * variable that is not set stays as written. Where that text would be a secret ({@code APIKEY}, a
 * provider's key) the parser asks {@link #unset} and refuses to use it.
 */
final class EnvVars {
  private static final Pattern VAR = Pattern.compile("\\$\\{([^}]+)\\}|\\$([A-Za-z_][A-Za-z0-9_]*)");

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
    if (text.indexOf('$') < 0) return text;
    Matcher m = VAR.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String v = env.apply(name);
      m.appendReplacement(sb, Matcher.quoteReplacement(v != null ? v : m.group()));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** The variables {@code text} names that {@code env} does not set, as written ({@code $X} or {@code ${X}}). */
  static List<String> unset(String text, Function<String, String> env) {
    if (text == null || text.indexOf('$') < 0) return List.of();
    List<String> out = new ArrayList<>();
    Matcher m = VAR.matcher(text);
    while (m.find()) {
      if (env.apply(m.group(1) != null ? m.group(1) : m.group(2)) == null) out.add(m.group());
    }
    return out;
  }

  /** True when the text names an environment variable. */
  static boolean hasReference(String text) {
    return text != null && VAR.matcher(text).find();
  }
}
