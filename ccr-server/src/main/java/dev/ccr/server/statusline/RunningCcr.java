package dev.ccr.server.statusline;

import dev.ccr.json.Json5;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The running ccr, asked over its {@code /api} with short timeouts: the status line must not wait
 * for a server that is busy or gone. JDK HTTP rather than OkHttp, to keep the start-up small.
 */
final class RunningCcr {
  /** Nothing larger is an answer this needs. */
  private static final int MAX_BODY = 256 * 1024;

  private final String baseUrl;
  private final String apiKey;
  private final Duration timeout;

  RunningCcr(String baseUrl, String apiKey, Duration timeout) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.apiKey = apiKey;
    this.timeout = timeout;
  }

  /** {@code GET /api/sessions/{id}}: what ccr knows of the session, when it answers 200. */
  Optional<Figures> session(String sessionId) {
    if (sessionId == null || sessionId.isBlank()) return Optional.empty();
    return get("/api/sessions/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8)).map(Figures::fromSession);
  }

  /**
   * The budget from {@code GET /api/usage}, as "$spent/$limit" for the period nearest its limit, or
   * "" when ccr has no budget. Reads {@code budget.daily} and {@code budget.monthly}, each
   * {@code {"spent": .., "limit": ..}}.
   */
  String budget() {
    JsonObject budget = get("/api/usage").map(u -> Lookup.object(u, "budget")).orElse(null);
    if (budget == null) return "";
    String shown = "";
    double nearest = -1;
    for (String period : new String[] {"daily", "monthly"}) {
      Double spent = Lookup.number(budget, period, "spent");
      Double limit = Lookup.number(budget, period, "limit");
      if (spent == null || limit == null || limit <= 0) continue;
      if (spent / limit > nearest) {
        nearest = spent / limit;
        shown = "$" + Variables.fixed(spent, 2) + "/$" + Variables.plain(limit);
      }
    }
    return shown;
  }

  private Optional<JsonObject> get(String path) {
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
      c.setConnectTimeout((int) timeout.toMillis());
      c.setReadTimeout((int) timeout.toMillis());
      c.setUseCaches(false);
      if (apiKey != null && !apiKey.isEmpty()) c.setRequestProperty("x-api-key", apiKey);
      if (c.getResponseCode() != 200) return Optional.empty();
      try (InputStream in = c.getInputStream()) {
        byte[] body = in.readNBytes(MAX_BODY);
        JsonValue v = Json5.parse(new String(body, StandardCharsets.UTF_8), path);
        return Optional.ofNullable(v.asObject());
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // no server, a slow one, or an answer that is not JSON: the next source answers
    } finally {
      if (c != null) c.disconnect();
    }
  }
}
