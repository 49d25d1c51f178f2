package dev.ccr.server.statusline;

import dev.ccr.json.Json5;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;

/**
 * What Claude Code writes on a status-line command's stdin, as far as ccr uses it. Every field may be
 * null: Claude Code's versions differ, and a broken or empty input still gets a line.
 */
record StatusInput(String sessionId, String transcriptPath, String currentDir, String modelId, String modelName,
    String version, Double costUsd, Double durationMs, Double linesAdded, Double linesRemoved,
    Double contextWindowSize, Double contextTokens, Double totalInputTokens, Double totalOutputTokens) {

  static final StatusInput EMPTY = of(JsonObject.of());

  /** Reads stdin's text; text that is not a JSON object is read as {@code {}}. */
  static StatusInput parse(String text) {
    try {
      JsonValue v = Json5.parse(text == null || text.isBlank() ? "{}" : text, "stdin");
      return of(v.asObject() != null ? v.asObject() : JsonObject.of());
    } catch (RuntimeException e) {
      return EMPTY;
    }
  }

  static StatusInput of(JsonObject in) {
    String dir = Lookup.text(in, "workspace", "current_dir");
    if (dir == null) dir = Lookup.text(in, "cwd");
    JsonObject usage = Lookup.object(in, "context_window", "current_usage");
    Double contextTokens = null;
    if (usage != null) {
      contextTokens = orZero(Lookup.number(usage, "input_tokens")) + orZero(Lookup.number(usage, "cache_creation_input_tokens"))
          + orZero(Lookup.number(usage, "cache_read_input_tokens"));
    }
    return new StatusInput(Lookup.text(in, "session_id"), Lookup.text(in, "transcript_path"), dir,
        Lookup.text(in, "model", "id"), Lookup.text(in, "model", "display_name"), Lookup.text(in, "version"),
        Lookup.number(in, "cost", "total_cost_usd"), Lookup.number(in, "cost", "total_duration_ms"),
        Lookup.number(in, "cost", "total_lines_added"), Lookup.number(in, "cost", "total_lines_removed"),
        Lookup.number(in, "context_window", "context_window_size"), contextTokens,
        Lookup.number(in, "context_window", "total_input_tokens"), Lookup.number(in, "context_window", "total_output_tokens"));
  }

  private static double orZero(Double d) {
    return d == null ? 0 : d;
  }
}
