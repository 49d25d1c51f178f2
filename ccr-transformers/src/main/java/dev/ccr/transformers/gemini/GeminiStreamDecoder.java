package dev.ccr.transformers.gemini;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.ApiError;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.Delta;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StopReason;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.TextBlock;
import dev.ccr.model.ThinkingBlock;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.model.Usage;
import dev.ccr.routing.Route;
import dev.ccr.spi.StreamDecoder;
import dev.ccr.spi.UpstreamEvent;
import dev.ccr.transformers.Signatures;
import java.util.List;
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

  private enum Kind { NONE, TEXT, THINKING }

  private final Route route;
  private boolean started;
  private boolean done;
  private int nextIndex;
  private Kind open = Kind.NONE;
  private int openIndex = -1;
  private final StringBuilder thinking = new StringBuilder();
  private String signature;
  private String finishReason;
  private boolean sawToolCall;
  private Usage usage;

  public GeminiStreamDecoder(Route route) {
    this.route = route;
  }

  @Override
  public void decode(UpstreamEvent event, Consumer<StreamEvent> out) {
    if (done) return;
    JsonObject data = event.data().asObject();
    if (data == null) return;
    if (data.get("error") != null) {
      JsonObject e = data.getObject("error");
      fail(out, e != null && e.getString("message") != null ? e.getString("message") : data.get("error").toJson());
      return;
    }
    if (!started) start(data, out);
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
      if (open != Kind.THINKING) {
        close(out);
        begin(Kind.THINKING, new ThinkingBlock("", "", null), out);
      }
      if (text != null && !text.isEmpty()) {
        thinking.append(text);
        out.accept(new StreamEvent.ContentBlockDelta(openIndex, new Delta.Thinking(text)));
      }
      if (sig != null) signature = sig;
      return;
    }
    if (sig != null) {
      // A signature on an answer part: carried in a thinking block right before that part.
      if (open == Kind.THINKING) {
        signature = sig;
        close(out);
      } else {
        close(out);
        begin(Kind.THINKING, new ThinkingBlock("", "", null), out);
        signature = sig;
        close(out);
      }
    }
    if (call != null) {
      close(out);
      sawToolCall = true;
      String id = call.getString("id");
      if (id == null || id.isEmpty()) id = "toolu_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
      int index = nextIndex++;
      out.accept(new StreamEvent.ContentBlockStart(index, new ToolUseBlock(id, call.getString("name"), JsonObject.of(), null)));
      JsonValue args = call.get("args");
      out.accept(new StreamEvent.ContentBlockDelta(index, new Delta.InputJson(args == null ? "{}" : args.toJson())));
      out.accept(new StreamEvent.ContentBlockStop(index));
      return;
    }
    if (text != null && !text.isEmpty()) {
      if (open != Kind.TEXT) {
        close(out);
        begin(Kind.TEXT, TextBlock.of(""), out);
      }
      out.accept(new StreamEvent.ContentBlockDelta(openIndex, new Delta.Text(text)));
    }
  }

  private void begin(Kind kind, ContentBlock block, Consumer<StreamEvent> out) {
    open = kind;
    openIndex = nextIndex++;
    out.accept(new StreamEvent.ContentBlockStart(openIndex, block));
  }

  private void close(Consumer<StreamEvent> out) {
    if (open == Kind.NONE) return;
    if (open == Kind.THINKING) {
      String sig = signature != null ? signature : Signatures.standIn(thinking.toString());
      out.accept(new StreamEvent.ContentBlockDelta(openIndex, new Delta.Signature(sig)));
      thinking.setLength(0);
      signature = null;
    }
    out.accept(new StreamEvent.ContentBlockStop(openIndex));
    open = Kind.NONE;
    openIndex = -1;
  }

  private void start(JsonObject data, Consumer<StreamEvent> out) {
    started = true;
    String id = data.getString("responseId");
    String model = data.getString("modelVersion") != null ? data.getString("modelVersion") : route.model();
    out.accept(new StreamEvent.MessageStart(new MessagesResponse(
        "msg_" + (id != null ? id.replaceAll("[^A-Za-z0-9_-]", "_") : UUID.randomUUID().toString().replace("-", "")),
        "assistant", model, List.of(), null, null, new Usage(0, 0, 0, 0, null), null)));
    out.accept(new StreamEvent.Ping());
  }

  @Override
  public void finish(Consumer<StreamEvent> out) {
    if (done) return;
    if (!started) {
      fail(out, "the stream ended before any data arrived");
      return;
    }
    if (finishReason == null) {
      fail(out, "the stream ended without a finish reason (the connection was cut or the provider stopped)");
      return;
    }
    close(out);
    done = true;
    out.accept(new StreamEvent.MessageDelta(stopReason(finishReason, sawToolCall), null, null,
        usage != null ? usage : new Usage(0, 0, 0, 0, null), null));
    out.accept(new StreamEvent.MessageStop());
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

  private void fail(Consumer<StreamEvent> out, String message) {
    done = true;
    out.accept(new StreamEvent.Error(ApiError.of("api_error", route.target() + ": " + message)));
  }
}
