package dev.ccr.routing;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessagesRequest;

/** Finds the client session a request belongs to. */
public final class SessionIds {
  private SessionIds() {}

  /**
   * The {@code x-claude-code-session-id} header when given, else from {@code metadata.user_id}:
   * current Claude Code sends a JSON string with {@code session_id}, older ones {@code ..._session_<id>}.
   */
  public static String of(MessagesRequest request, String headerValue) {
    if (headerValue != null && !headerValue.isBlank()) return headerValue.trim();
    if (request.metadata() == null || request.metadata().userId() == null) return null;
    String userId = request.metadata().userId();
    if (userId.startsWith("{")) {
      try {
        JsonValue v = Json.parse(userId);
        if (v instanceof JsonObject o && o.getString("session_id") != null && !o.getString("session_id").isBlank()) {
          return o.getString("session_id");
        }
      } catch (IllegalArgumentException notJson) {
        // fall through to the older format
      }
    }
    int i = userId.lastIndexOf("_session_");
    if (i >= 0 && i + 9 < userId.length()) return userId.substring(i + 9);
    return null;
  }
}
