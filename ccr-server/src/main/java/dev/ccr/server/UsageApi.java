package dev.ccr.server;

import com.sun.net.httpserver.HttpExchange;
import dev.ccr.CcrException;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.InvalidRequestException;
import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.usage.UsageRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The usage endpoints, behind the same key check as every {@code /api/*}: {@code GET /api/usage}
 * (sums since the start, budget and monitoring state), {@code GET /api/usage/series} (sums over time),
 * {@code GET /api/requests?limit=N} (the
 * latest records), {@code GET /api/requests/stream} (records as they come, as server-sent events),
 * {@code GET /api/requests/{id}} (one exchange's upstream calls, secrets taken out),
 * {@code GET /api/sessions/{id}} (what {@code ccr statusline} shows) and {@code GET /metrics}
 * (Prometheus).
 */
final class UsageApi {
  static final int DEFAULT_LIMIT = 100;

  private UsageApi() {}

  /** The paths it serves: every {@code /api/*} path but {@code /api/hello}, and {@code /metrics}. */
  static boolean serves(String path) {
    return (path.startsWith("/api/") && !path.equals("/api/hello")) || path.equals("/metrics");
  }

  /** Answers {@code path}: the path within the router's scope ({@code /api/usage} of {@code /preset/x/api/usage}). */
  static void handle(HttpExchange ex, ClaudeCodeRouter router, String path) throws IOException {
    String method = ex.getRequestMethod();
    if (!method.equals("GET")) {
      throw new CcrException(405, "invalid_request_error", "method " + method + " is not allowed here; use GET");
    }
    if (path.equals("/metrics")) {
      reply(ex, 200, Metrics.CONTENT_TYPE, Metrics.scrape(router));
    } else if (path.equals("/api/usage")) {
      json(ex, UsageReport.of(router));
    } else if (path.equals("/api/usage/series")) {
      json(ex, UsageSeriesReport.of(router, ex.getRequestURI().getRawQuery(), java.time.Instant.now()));
    } else if (path.equals("/api/requests")) {
      json(ex, recent(router, ex.getRequestURI().getRawQuery()));
    } else if (path.equals("/api/requests/stream")) {
      RequestFeed.serve(ex, router.usage(), RequestFeed.KEEP_ALIVE);
    } else if (path.startsWith("/api/requests/") && path.length() > "/api/requests/".length()) {
      json(ex, RequestDetail.of(router, path.substring("/api/requests/".length())));
    } else if (path.startsWith("/api/sessions/") && path.length() > "/api/sessions/".length()) {
      String id = path.substring("/api/sessions/".length()); // the path is decoded already
      json(ex, SessionReport.of(router, id));
    } else {
      throw new CcrException(404, "not_found_error", "no endpoint " + method + " " + path);
    }
  }

  private static JsonObject recent(ClaudeCodeRouter router, String query) {
    int limit = limit(query, Math.min(DEFAULT_LIMIT, router.usage().capacity()));
    List<JsonValue> data = router.usage().recent(limit).stream().<JsonValue>map(UsageRecord::toJson).toList();
    return JsonObject.builder().put("data", JsonArray.of(data)).put("count", data.size()).build();
  }

  /** {@code limit} from the query, at least 1. */
  static int limit(String query, int otherwise) {
    if (query == null) return otherwise;
    for (String pair : query.split("&")) {
      if (!pair.startsWith("limit=")) continue;
      String v = pair.substring("limit=".length());
      try {
        int n = Integer.parseInt(v);
        if (n >= 1) return n;
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new InvalidRequestException("limit must be a whole number of at least 1, not \"" + v + "\"");
    }
    return otherwise;
  }

  private static void json(HttpExchange ex, JsonValue body) throws IOException {
    reply(ex, 200, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8));
  }

  private static void reply(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
