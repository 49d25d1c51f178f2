package dev.ccr.transformers.gemini;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.Delta;
import dev.ccr.model.StopReason;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.ThinkingBlock;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.model.Usage;
import dev.ccr.routing.Route;
import dev.ccr.spi.StreamDecoder;
import dev.ccr.spi.UpstreamEvent;
import dev.ccr.transformers.EventAssembler;
import dev.ccr.transformers.EventAssembler.Kind;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Gemini {@code GenerateContentResponse} chunks to Anthropic events. Thought parts are thinking,
 * with their {@code thoughtSignature}; a signature Gemini puts on a function call or text part goes
 * out as a thinking block of its own just before it, so it comes back on the next turn. A turn that
 * ends in function calls stops with {@code tool_use} even when Gemini says {@code STOP}.
 */
public final class GeminiStreamDecoder implements StreamDecoder {
  private static final Set<String> REFUSALS =
      Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "OTHER");

  private final EventAssembler events;
  private String finishReason;
  private boolean sawToolCall;
  private Usage usage;

  public GeminiStreamDecoder(Route route) {
    this.events = new EventAssembler(route);
  }

  @Override
  public void decode(UpstreamEvent event, Consumer<StreamEvent> out) {
    if (events.done()) return;
    JsonObject data = event.data().asObject();
    if (data == null) return;
    if (data.get("error") != null) {
      JsonObject e = data.getObject("error");
      events.fail(e != null && e.getString("message") != null ? e.getString("message") : data.get("error").toJson(), out);
      return;
    }
    if (!events.started()) {
      String id = data.getString("responseId");
      events.start("msg_" + (id != null ? id.replaceAll("[^A-Za-z0-9_-]", "_") : UUID.randomUUID().toString().replace("-", "")),
          data.getString("modelVersion"), out);
    }
    JsonObject usageMetadata = data.getObject("usageMetadata");
    if (usageMetadata != null) usage = usage(usageMetadata);
    JsonObject feedback = data.getObject("promptFeedback");
    if (feedback != null && feedback.getString("blockReason") != null) finishReason = "SAFETY";
    JsonArray candidates = data.getArray("candidates");
    if (candidates == null || candidates.isEmpty()) return;
    JsonObject candidate = candidates.get(0).asObject();
    if (candidate == null) return;
    JsonObject content = candidate.getObject("content");
    JsonArray parts = content == null ? null : content.getArray("parts");
    if (parts != null) {
      for (JsonValue p : parts.elements()) {
        if (p instanceof JsonObject part) part(part, out);
      }
    }
    if (candidate.getString("finishReason") != null) finishReason = candidate.getString("finishReason");
  }

  private void part(JsonObject part, Consumer<StreamEvent> out) {
    String sig = part.getString("thoughtSignature");
    String text = part.getString("text");
    JsonObject call = part.getObject("functionCall");
    if (Boolean.TRUE.equals(part.getBoolean("thought"))) {
      events.thinking(text == null ? "" : text, out);
      if (sig != null) events.signature(sig);
      return;
    }
    if (sig != null) {
      // A signature on an answer part: carried in a thinking block right before that part.
      if (events.open() != Kind.THINKING) events.begin(Kind.THINKING, new ThinkingBlock("", "", null), out);
      events.signature(sig);
      events.close(out);
    }
    if (call != null) {
      sawToolCall = true;
      String id = call.getString("id");
      if (id == null || id.isEmpty()) id = "toolu_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
      events.begin(Kind.TOOL, new ToolUseBlock(id, call.getString("name"), JsonObject.of(), null), out);
      JsonValue args = call.get("args");
      events.delta(new Delta.InputJson(args == null ? "{}" : args.toJson()), out);
      events.close(out);
      return;
    }
    if (text != null && !text.isEmpty()) events.text(text, out);
  }

  @Override
  public void finish(Consumer<StreamEvent> out) {
    events.finish(finishReason == null ? null : stopReason(finishReason, sawToolCall), usage, out);
  }

  static String stopReason(String finishReason, boolean sawToolCall) {
    if (finishReason.equals("MAX_TOKENS")) return StopReason.MAX_TOKENS;
    if (REFUSALS.contains(finishReason)) return StopReason.REFUSAL;
    return sawToolCall ? StopReason.TOOL_USE : StopReason.END_TURN;
  }

  /** Prompt minus cached is input; thoughts count as output, as Anthropic bills thinking. */
  static Usage usage(JsonObject u) {
    int prompt = intOf(u.get("promptTokenCount"));
    int cached = intOf(u.get("cachedContentTokenCount"));
    int output = intOf(u.get("candidatesTokenCount")) + intOf(u.get("thoughtsTokenCount"));
    return new Usage(Math.max(0, prompt - cached), output, 0, cached, null);
  }

  private static int intOf(JsonValue v) {
    return v instanceof JsonNumber n ? n.bigDecimal().intValue() : 0;
  }
}
