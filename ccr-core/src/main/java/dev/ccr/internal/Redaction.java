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

/** Hides secrets in JSON trees and header values before anything is logged or dumped. */
public final class Redaction {
  public static final String REDACTED = "<redacted>";
  /** Per process: a list element's token names one stored key for this run without being a brute-forceable hash of it. */
  private static final byte[] TOKEN_SALT = new java.security.SecureRandom().generateSeed(32);

  private Redaction() {}

  /**
   * True for a member or header name that holds a secret: the names the issue lists (api_key, apikey,
   * secret, token, password, private_key, access_key, in any case and with '-' or '_'), the header names
   * that carry one (Authorization, x-api-key, api-key, x-goog-api-key, cookie), and {@code alertWebhook},
   * whose URL is the secret. {@code max_tokens} and the like count tokens and are no secret.
   */
  public static boolean isSecretName(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    return n.contains("apikey") || n.contains("privatekey") || n.contains("accesskey")
        || n.contains("token") && !n.contains("tokens") && !n.contains("maxtoken")
        || n.contains("secret") || n.contains("password") || n.endsWith("authorization")
        || n.contains("cookie") || n.equals("alertwebhook");
  }

  /** True for a member whose every value is a secret whatever its name: a provider's {@code headers}. */
  public static boolean holdsSecrets(String name) {
    return name.equals("headers");
  }

  /** A copy of {@code value} with every secret member replaced; {@code $VAR} references stay visible. */
  public static JsonValue redact(JsonValue value) {
    if (value instanceof JsonObject o) {
      LinkedHashMap<String, JsonValue> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        out.put(e.getKey(), isSecretName(e.getKey()) ? hide(e.getValue())
            : holdsSecrets(e.getKey()) && e.getValue() instanceof JsonObject h ? hideAll(h) : redact(e.getValue()));
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

  /** {@code v} as a secret member's value is shown: literals masked, a whole {@code $VAR} reference kept. */
  public static JsonValue hideValue(JsonValue v) {
    return hide(v);
  }

  private static JsonValue hide(JsonValue v) {
    if (v instanceof JsonString s) {
      return VarReferences.whole(s.value()) != null && s.value().equals(s.value().trim()) || s.value().isEmpty() ? s
          : JsonString.of(REDACTED);
    }
    if (v instanceof JsonArray a) {
      List<JsonValue> out = new ArrayList<>(a.size());
      for (JsonValue e : a.elements()) {
        JsonValue hidden = hide(e);
        // each element of a key list gets its own token, so a save can tell which ones were kept
        out.add(hidden.equals(JsonString.of(REDACTED)) ? JsonString.of(token(((JsonString) e).value())) : hidden);
      }
      return JsonArray.of(out);
    }
    if (v instanceof JsonObject) return redact(v);
    return v;
  }

  /**
   * {@code <redacted:…>}: an opaque stand-in for one secret of a list, the same for the same secret in
   * this process (a keyed hash, so it does not reveal a weak key), different after a restart.
   */
  public static String token(String secret) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(TOKEN_SALT, "HmacSHA256"));
      byte[] h = mac.doFinal(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "<redacted:" + java.util.HexFormat.of().formatHex(h, 0, 6) + ">";
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** True for {@link #REDACTED} or a {@link #token} of one secret. */
  public static boolean isMask(String s) {
    return s.equals(REDACTED) || s.matches("<redacted:[0-9a-f]{12}>");
  }

  private static JsonObject hideAll(JsonObject o) {
    LinkedHashMap<String, JsonValue> out = new LinkedHashMap<>();
    o.members().forEach((k, v) -> out.put(k, hide(v)));
    return JsonObject.of(out);
  }

  /** A header value safe to log. */
  public static String header(String name, String value) {
    return isSecretName(name) ? REDACTED : value;
  }
}
