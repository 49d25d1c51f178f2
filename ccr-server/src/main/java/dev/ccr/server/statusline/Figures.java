package dev.ccr.server.statusline;

import dev.ccr.json.JsonObject;

/**
 * The routed model and its figures for one session, from the best source that answered: the running
 * ccr, the transcript, or the config's default route. A figure the source does not know is null.
 */
record Figures(String model, String provider, String scenario, Double inputTokens, Double outputTokens,
    Double tokensPerSecond, Double ttftMs, Double contextPercent, Double contextWindow, Double cost,
    Double totalInputTokens, Double totalOutputTokens) {

  static Figures model(String model) {
    return new Figures(model, null, null, null, null, null, null, null, null, null, null, null);
  }

  static Figures tokens(String model, Double input, Double output) {
    return new Figures(model, null, null, input, output, null, null, null, null, null, null, null);
  }

  /** From {@code GET /api/sessions/{id}} (see contracts.md): the last exchange's figures, and the session's totals. */
  static Figures fromSession(JsonObject s) {
    return new Figures(Lookup.text(s, "model"), Lookup.text(s, "provider"), Lookup.text(s, "scenario"),
        Lookup.number(s, "last", "input_tokens"), Lookup.number(s, "last", "output_tokens"),
        Lookup.number(s, "last", "output_tokens_per_second"), Lookup.number(s, "last", "ttft_ms"),
        Lookup.number(s, "context_percent"), Lookup.number(s, "context_window"), Lookup.number(s, "cost"),
        Lookup.number(s, "input_tokens"), Lookup.number(s, "output_tokens"));
  }
}
