package dev.ccr.server;

import dev.ccr.CcrException;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.usage.ContextWindows;
import dev.ccr.usage.SessionUsage;
import dev.ccr.usage.Totals;
import dev.ccr.usage.UsageRecord;
import java.util.OptionalInt;

/** {@code GET /api/sessions/{id}}: a session's last route, its tokens and its context use, as {@code ccr statusline} reads them. */
final class SessionReport {
  private SessionReport() {}

  static JsonObject of(ClaudeCodeRouter router, String sessionId) {
    SessionUsage s = router.usage().session(sessionId).orElseThrow(() -> new CcrException(404, "not_found_error",
        "ccr has no exchange of session " + sessionId + " since it started"));
    UsageRecord last = s.last();
    Totals t = s.totals();
    JsonObject.Builder b = JsonObject.builder()
        .put("session_id", sessionId)
        .put("route", last.route())
        .put("provider", last.provider())
        .put("model", last.model())
        .put("scenario", last.scenario())
        .put("requests", t.requests())
        .put("errors", t.errors())
        .put("input_tokens", t.inputTokens())
        .put("output_tokens", t.outputTokens())
        .put("cache_read_tokens", t.cacheReadTokens())
        .put("cache_creation_tokens", t.cacheCreationTokens())
        .put("last", last(last));
    OptionalInt window = ContextWindows.of(last.model());
    if (window.isPresent()) {
      b.put("context_window", window.getAsInt());
      b.put("context_percent", JsonNumber.of(Math.round(last.inputTotal() * 1000.0 / window.getAsInt()) / 10.0));
    }
    if (t.pricedRequests() > 0) b.put("cost", JsonNumber.of(Math.round(t.cost() * 1e8) / 1e8));
    return b.put("updated_at", last.time().plusMillis(last.durationMs()).toString()).build();
  }

  private static JsonObject last(UsageRecord r) {
    return JsonObject.builder()
        .put("input_tokens", r.inputTokens())
        .put("output_tokens", r.outputTokens())
        .put("cache_read_tokens", r.cacheReadTokens())
        .put("cache_creation_tokens", r.cacheCreationTokens())
        .put("ttft_ms", Math.max(0, r.ttftMs()))
        .put("duration_ms", r.durationMs())
        .put("output_tokens_per_second", JsonNumber.of(Math.round(r.outputTokensPerSecond() * 10) / 10.0))
        .put("status", r.status())
        .build();
  }
}
