package dev.ccr.server.benchmark;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonBoolean;
import dev.ccr.json.JsonNull;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A benchmark's results as a table for people or as JSON for scripts. */
public final class Report {
  private static final String[] HEADERS = {"route", "requests", "errors", "p50 ms", "p95 ms", "TTFT p50 ms", "out tok/s", "cost/req"};

  private Report() {}

  public static String table(List<RouteResult> results) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADERS);
    for (RouteResult r : results) {
      rows.add(new String[] {r.target(), Integer.toString(r.requests()), Integer.toString(r.errors()),
          format("%.0f", r.latencyP50Ms()), format("%.0f", r.latencyP95Ms()), format("%.0f", r.ttftP50Ms()),
          format("%.1f", r.outputTokensPerSecond()), format("$%.6f", r.costPerRequest())});
    }
    int[] widths = new int[HEADERS.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) widths[i] = Math.max(widths[i], row[i].length());
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        String cell = i == 0 ? String.format("%-" + widths[i] + "s", row[i]) : String.format("%" + widths[i] + "s", row[i]);
        out.append(i == 0 ? "" : "  ").append(cell);
      }
      out.append('\n');
    }
    for (RouteResult r : results) {
      if (r.firstError() != null) out.append(r.target()).append(": ").append(r.errors()).append(" failed; first: ")
          .append(r.firstError()).append('\n');
    }
    return out.toString();
  }

  public static String json(List<RouteResult> results, int iterations, boolean stream) {
    List<JsonValue> routes = new ArrayList<>();
    for (RouteResult r : results) {
      routes.add(JsonObject.builder().put("route", r.target()).put("requests", r.requests()).put("errors", r.errors())
          .put("latency_p50_ms", number(r.latencyP50Ms())).put("latency_p95_ms", number(r.latencyP95Ms()))
          .put("ttft_p50_ms", number(r.ttftP50Ms())).put("output_tokens_per_second", number(r.outputTokensPerSecond()))
          .put("cost_per_request", number(r.costPerRequest()))
          .put("first_error", r.firstError() == null ? JsonNull.INSTANCE : new JsonString(r.firstError())).build());
    }
    return JsonObject.builder().put("iterations", iterations).put("stream", JsonBoolean.of(stream))
        .put("routes", JsonArray.of(routes)).build().toJson();
  }

  private static JsonValue number(Double d) {
    return d == null ? JsonNull.INSTANCE : JsonNumber.of(d);
  }

  private static String format(String pattern, Double d) {
    return d == null ? "-" : String.format(Locale.ROOT, pattern, d);
  }
}
