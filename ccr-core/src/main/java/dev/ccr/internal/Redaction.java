package dev.ccr.internal;

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

/** Hides secrets in JSON trees and header values before anything is logged or dumped. */
public final class Redaction {
  public static final String REDACTED = "<redacted>";
  private static final Pattern VAR_REFERENCE = Pattern.compile("\\$\\{[^}]+\\}|\\$[A-Za-z_][A-Za-z0-9_]*");

  private Redaction() {}

  /**
   * True for a member or header name that holds a secret (keys, tokens, passwords, authorization;
   * private keys, as the original's vertex-openai options carry one, and cloud access keys).
   */
  public static boolean isSecretName(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    return n.equals("apikey") || n.equals("apikeys") || n.endsWith("apikey") || n.endsWith("apikeys")
        || n.contains("privatekey") || n.contains("accesskey")
        || n.contains("token") && !n.contains("tokens") && !n.contains("maxtoken")
        || n.contains("secret") || n.contains("password") || n.equals("authorization")
        || n.equals("proxyauthorization") || n.equals("xgoogapikey") || n.equals("cookie");
  }

  /** A copy of {@code value} with every secret member replaced; {@code $VAR} references stay visible. */
  public static JsonValue redact(JsonValue value) {
    if (value instanceof JsonObject o) {
      LinkedHashMap<String, JsonValue> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        out.put(e.getKey(), isSecretName(e.getKey()) ? hide(e.getValue()) : redact(e.getValue()));
      }
      return JsonObject.of(out);
    }
    if (value instanceof JsonArray a) {
      List<JsonValue> out = new ArrayList<>(a.size());
      for (JsonValue e : a.elements()) out.add(redact(e));
      return JsonArray.of(out);
    }
    return value;
  }

  private static JsonValue hide(JsonValue v) {
    if (v instanceof JsonString s) {
      return VAR_REFERENCE.matcher(s.value()).matches() || s.value().isEmpty() ? s : JsonString.of(REDACTED);
    }
    if (v instanceof JsonArray a) {
      List<JsonValue> out = new ArrayList<>(a.size());
      for (JsonValue e : a.elements()) out.add(hide(e));
      return JsonArray.of(out);
    }
    if (v instanceof JsonObject) return redact(v);
    return v;
  }

  /** A header value safe to log. */
  public static String header(String name, String value) {
    return isSecretName(name) ? REDACTED : value;
  }
}
