package dev.ccr.engine;

import dev.ccr.ProviderException;
import dev.ccr.RateLimitedException;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Turns an upstream error status and body into the exception a client should see: the one place this happens. */
public final class ProviderErrors {
  private static final int MAX_MESSAGE = 2_000;

  private ProviderErrors() {}

  public static ProviderException from(String provider, String model, int status, Map<String, List<String>> headers,
      String body) {
    String upstream = message(body);
    String message = provider + "," + model + " answered HTTP " + status + (upstream.isEmpty() ? "" : ": " + upstream);
    if (status == 429) {
      return new RateLimitedException(provider, model, message, headers, retryAfter(headers));
    }
    return new ProviderException(provider, model, status, message, headers, null);
  }

  /**
   * The message of an error body in any provider's shape: Anthropic's and OpenAI's {@code
   * error.message}, Gemini's {@code error.message} (with {@code status}), a bare {@code message}
   * or {@code error} string, or the text itself.
   */
  static String message(String body) {
    if (body == null || body.isBlank()) return "";
    try {
      JsonValue v = Json.parse(body);
      if (v instanceof dev.ccr.json.JsonArray a && !a.isEmpty()) v = a.get(0); // Gemini sometimes wraps in [...]
      if (v instanceof JsonObject o) {
        JsonValue e = o.get("error");
        if (e instanceof JsonObject eo) {
          String m = eo.getString("message");
          if (m != null) return clip(m);
          if (eo.getString("type") != null) return clip(eo.getString("type"));
        }
        if (e != null && e.asString() != null) return clip(e.asString());
        if (o.getString("message") != null) return clip(o.getString("message"));
        if (o.getString("detail") != null) return clip(o.getString("detail"));
      }
    } catch (IllegalArgumentException notJson) {
      // fall through: an HTML or text error page
    }
    return clip(body.strip());
  }

  /** Key-shaped strings some providers echo back ("Incorrect API key provided: sk-..."). */
  private static final java.util.regex.Pattern KEY_SHAPES = java.util.regex.Pattern.compile(
      "\\b(sk-(?:ant-|proj-|or-)?|gsk_|xai-|AIza)[A-Za-z0-9_\\-*]{6,}");

  private static String clip(String s) {
    String safe = KEY_SHAPES.matcher(s).replaceAll("$1<redacted>");
    return safe.length() <= MAX_MESSAGE ? safe : safe.substring(0, MAX_MESSAGE) + "...";
  }

  /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
  static Duration retryAfter(Map<String, List<String>> headers) {
    List<String> values = headers.get("retry-after");
    if (values == null || values.isEmpty()) return null;
    String v = values.get(0).trim();
    try {
      return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
    } catch (NumberFormatException e) {
      try {
        Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException ignored) {
        return null;
      }
    }
  }
}
