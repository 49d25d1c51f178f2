package dev.ccr.server;

import dev.ccr.CcrException;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.capture.UpstreamCaptures;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNull;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.usage.UsageRecord;

/**
 * {@code GET /api/requests/{id}}: one exchange for the Live page: its usage record and each upstream
 * call it made, as sent and answered, with secrets taken out. 404 once the call is no longer kept.
 */
final class RequestDetail {
  private RequestDetail() {}

  static JsonObject of(ClaudeCodeRouter router, String id) {
    UpstreamCaptures captures = router.upstreamCaptures();
    if (captures == null) {
      throw new CcrException(404, "not_found_error", "upstream calls are not kept: the config has \""
          + UpstreamCaptures.CONFIG_KEY + "\": false");
    }
    JsonArray calls = captures.show(id).orElseThrow(() -> new CcrException(404, "not_found_error",
        "no upstream call of request " + id + " is kept (only the last " + UpstreamCaptures.DEFAULT_CAPACITY
        + " are; an answer from the response cache makes none)"));
    JsonValue usage = JsonNull.INSTANCE;
    // the calls kept are among the latest exchanges: no need to scan a long USAGE_HISTORY
    for (UsageRecord r : router.usage().recent(Math.min(router.usage().capacity(), 10 * UpstreamCaptures.DEFAULT_CAPACITY))) {
      if (id.equals(r.requestId())) {
        usage = r.toJson();
        break;
      }
    }
    return JsonObject.builder().put("request_id", id).put("usage", usage).put("upstream", calls).build();
  }
}
