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
            : holdsSecrets(e.getKey()) && e.getValue() instanceof JsonObject h ? hideAll(h)
            : e.getKey().equals("RATE_LIMITS") && e.getValue() instanceof JsonObject r ? rateLimits(r) : redact(e.getValue()));
      }
      return JsonObject.of(out);
    }
    if (value instanceof JsonArray a) {
      List<JsonValue> out = new ArrayList<>(a.size());
      for (JsonValue e : a.elements()) out.add(redact(e));
      return JsonArray.of(out);
    }
    if (value instanceof JsonString s) {
      String masked = url(s.value());
      return masked.equals(s.value()) ? s : JsonString.of(masked);
    }
    return value;
  }

  private static boolean isReference(String s) {
    return VarReferences.whole(s) != null && s.equals(s.trim());
  }

  /** {@code RATE_LIMITS}: the member names of {@code keys} are client keys; each literal one becomes its {@link #token}. */
  private static JsonObject rateLimits(JsonObject limits) {
    JsonObject redacted = (JsonObject) redact(limits);
    if (!(redacted.get("keys") instanceof JsonObject keys)) return redacted;
    LinkedHashMap<String, JsonValue> named = new LinkedHashMap<>();
    keys.members().forEach((k, v) -> named.put(isSecretKeyName(k) ? token(k) : k, v));
    return redacted.with("keys", JsonObject.of(named));
  }

  /** True for a {@code RATE_LIMITS.keys} member name that is a literal key rather than a whole {@code $VAR} or a mask. */
  public static boolean isSecretKeyName(String name) {
    return !isReference(name) && !isMask(name);
  }

  private static final java.util.regex.Pattern USER_INFO = java.util.regex.Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#@]*)@");
  private static final java.util.regex.Pattern QUERY_SECRET = java.util.regex.Pattern.compile("([?&])([^=&#]+)=([^&#]*)");

  /**
   * A URL with its credentials masked: the password of the user-info ({@code redis://:pw@host},
   * {@code https://user:pw@host}) and the value of a query parameter named {@code key} or like a
   * secret ({@code ?key=…}, {@code &access_token=…}). Any other string is returned as it is.
   */
  public static String url(String text) {
    if (!text.contains("://")) return text;
    String out = text;
    java.util.regex.Matcher m = USER_INFO.matcher(out);
    if (m.find()) {
      String info = m.group(2);
      int colon = info.indexOf(':');
      String secret = colon < 0 ? info : info.substring(colon + 1); // user:password, or a lone token as user
      if (!secret.isEmpty() && !isReference(secret)) {
        out = m.group(1) + (colon < 0 ? "" : info.substring(0, colon + 1)) + REDACTED + "@" + out.substring(m.end());
      }
    }
    StringBuilder b = new StringBuilder();
    m = QUERY_SECRET.matcher(out);
    int last = 0;
    while (m.find()) {
      String name = m.group(2);
      boolean secret = name.equalsIgnoreCase("key") || name.equalsIgnoreCase("sig") || isSecretName(name);
      b.append(out, last, m.start()).append(m.group(1)).append(name).append('=')
          .append(secret && !m.group(3).isEmpty() && !isReference(m.group(3)) ? REDACTED : m.group(3));
      last = m.end();
    }
    return b.append(out.substring(last)).toString();
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
