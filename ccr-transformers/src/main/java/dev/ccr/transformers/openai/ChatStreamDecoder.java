package dev.ccr.transformers.openai;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.ApiError;
import dev.ccr.model.Delta;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.TextBlock;
import dev.ccr.model.ThinkingBlock;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.model.Usage;
import dev.ccr.routing.Route;
import dev.ccr.spi.StreamDecoder;
import dev.ccr.spi.UpstreamEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat Completions chunks to Anthropic events, chunk by chunk. Thinking, text and tool calls
 * become blocks in the order they arrive; a tool_use block opens only once its id and name are
 * known; the closing {@code message_delta} waits for the usage chunk, which may come after the
 * finish chunk; a stream that stops without finishing ends with an {@code error} event.
 */
public final class ChatStreamDecoder implements StreamDecoder {
  private static final Logger log = LoggerFactory.getLogger(ChatStreamDecoder.class);

  private enum Kind { NONE, TEXT, THINKING, TOOL }

  private static final class ToolCall {
    String id;
    String name;
    final StringBuilder pending = new StringBuilder();
    int index = -1;
    boolean closed;
  }

  private final Route route;
  private boolean started;
  private boolean done;
  private int nextIndex;
  private Kind open = Kind.NONE;
  private int openIndex = -1;
  private ToolCall openTool;
  private final StringBuilder thinking = new StringBuilder();
  private String signature;
  private final Map<Integer, ToolCall> tools = new LinkedHashMap<>();
  private String finishReason;
  private boolean sawToolCalls;
  private Usage usage;

  public ChatStreamDecoder(Route route) {
    this.route = route;
  }

  @Override
  public void decode(UpstreamEvent event, Consumer<StreamEvent> out) {
    if (done) return;
    JsonObject data = event.data().asObject();
    if (data == null) return;
    JsonValue error = data.get("error");
    if (error != null && !error.isNull()) {
      fail(out, errorMessage(error));
      return;
    }
    if (!started) start(data, out);
    JsonObject u = data.getObject("usage");
    if (u != null) usage = ChatWire.usage(u);
    JsonArray choices = data.getArray("choices");
    if (choices == null || choices.isEmpty()) return;
    JsonObject choice = choices.get(0).asObject();
    if (choice == null) return;
    JsonObject delta = choice.getObject("delta");
    if (delta != null) delta(delta, out);
    String finish = choice.getString("finish_reason");
    if (finish != null) {
      if (finish.equals("error")) {
        JsonValue e = choice.get("error");
        fail(out, e != null ? errorMessage(e) : "the provider reported an error while generating");
        return;
      }
      finishReason = finish;
      openPendingTools(out);
      close(out);
    }
  }

  private void delta(JsonObject delta, Consumer<StreamEvent> out) {
    String reasoning = ChatWire.reasoning(delta);
    JsonArray details = delta.getArray("reasoning_details");
    if (details != null) {
      for (JsonValue d : details.elements()) {
        JsonObject o = d.asObject();
        if (o == null) continue;
        if (reasoning == null && o.getString("text") != null) reasoning = o.getString("text");
        if (o.getString("signature") != null) signature = o.getString("signature");
      }
    }
    if (reasoning != null && !reasoning.isEmpty()) {
      openPendingTools(out);
      if (open != Kind.THINKING) {
        close(out);
        begin(Kind.THINKING, new ThinkingBlock("", "", null), out);
      }
      thinking.append(reasoning);
      out.accept(new StreamEvent.ContentBlockDelta(openIndex, new Delta.Thinking(reasoning)));
    }
    String text = ChatWire.text(delta.get("content"));
    if (!text.isEmpty()) {
      openPendingTools(out);
      if (open != Kind.TEXT) {
        close(out);
        begin(Kind.TEXT, TextBlock.of(""), out);
      }
      out.accept(new StreamEvent.ContentBlockDelta(openIndex, new Delta.Text(text)));
    }
    JsonArray calls = delta.getArray("tool_calls");
    if (calls != null) {
      for (int i = 0; i < calls.size(); i++) {
        JsonObject c = calls.get(i).asObject();
        if (c != null) toolCall(c, i, out);
      }
    }
  }

  private void toolCall(JsonObject c, int position, Consumer<StreamEvent> out) {
    sawToolCalls = true;
    JsonNumber n = c.getNumber("index");
    int key = n != null ? ChatWire.intOf(n) : position;
    ToolCall call = tools.get(key);
    String id = c.getString("id");
    if (call != null && call.id != null && id != null && !id.isEmpty() && !ChatWire.toolId(c.get("id")).equals(call.id)) {
      // Some servers (Groq among them) give every parallel call index 0: a new id is a new call.
      tools.put(-1 - tools.size(), tools.remove(key));
      call = null;
    }
    if (call == null) {
      // A new call: the one before it (if any) is complete, and opens now even without an id.
      openPendingTools(out);
      call = new ToolCall();
      tools.put(key, call);
    }
    if (call.id == null && c.getString("id") != null && !c.getString("id").isEmpty()) {
      call.id = ChatWire.toolId(c.get("id"));
    }
    JsonObject f = c.getObject("function");
    String args = null;
    if (f != null) {
      if (call.name == null && f.getString("name") != null && !f.getString("name").isEmpty()) call.name = f.getString("name");
      args = f.getString("arguments");
    }
    if (call.closed) {
      if (args != null && !args.isEmpty()) {
        log.warn("{}: arguments for tool call {} arrived after it was closed; dropped", route.target(), key);
      }
      return;
    }
    if (call.index >= 0) {
      if (args != null && !args.isEmpty()) out.accept(new StreamEvent.ContentBlockDelta(call.index, new Delta.InputJson(args)));
      return;
    }
    if (args != null) call.pending.append(args);
    if (call.id != null && call.name != null) openTool(call, out);
  }

  /** Opens every tool call that has a name, with a new id where none came. */
  private void openPendingTools(Consumer<StreamEvent> out) {
    for (ToolCall call : tools.values()) {
      if (call.index < 0 && !call.closed && call.name != null) {
        if (call.id == null) call.id = ChatWire.newToolId();
        openTool(call, out);
      }
    }
  }

  private void openTool(ToolCall call, Consumer<StreamEvent> out) {
    close(out);
    begin(Kind.TOOL, new ToolUseBlock(call.id, call.name, JsonObject.of(), null), out);
    call.index = openIndex;
    openTool = call;
    if (call.pending.length() > 0) {
      out.accept(new StreamEvent.ContentBlockDelta(openIndex, new Delta.InputJson(call.pending.toString())));
      call.pending.setLength(0);
    }
  }

  private void begin(Kind kind, dev.ccr.model.ContentBlock block, Consumer<StreamEvent> out) {
    open = kind;
    openIndex = nextIndex++;
    out.accept(new StreamEvent.ContentBlockStart(openIndex, block));
  }

  private void close(Consumer<StreamEvent> out) {
    if (open == Kind.NONE) return;
    if (open == Kind.THINKING) {
      String sig = signature != null ? signature : ChatWire.signatureFor(thinking.toString());
      out.accept(new StreamEvent.ContentBlockDelta(openIndex, new Delta.Signature(sig)));
      thinking.setLength(0);
      signature = null;
    }
    if (open == Kind.TOOL && openTool != null) {
      openTool.closed = true;
      openTool = null;
    }
    out.accept(new StreamEvent.ContentBlockStop(openIndex));
    open = Kind.NONE;
    openIndex = -1;
  }

  private void start(JsonObject data, Consumer<StreamEvent> out) {
    started = true;
    String model = data.getString("model") != null ? data.getString("model") : route.model();
    out.accept(new StreamEvent.MessageStart(new MessagesResponse(ChatWire.messageId(data.getString("id")),
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
    openPendingTools(out);
    close(out);
    done = true;
    Usage u = usage != null ? usage : new Usage(0, 0, 0, 0, null);
    out.accept(new StreamEvent.MessageDelta(ChatWire.stopReason(finishReason, sawToolCalls), null, null, u, null));
    out.accept(new StreamEvent.MessageStop());
  }

  private void fail(Consumer<StreamEvent> out, String message) {
    done = true;
    out.accept(new StreamEvent.Error(ApiError.of("api_error", route.target() + ": " + message)));
  }

  private static String errorMessage(JsonValue error) {
    JsonObject e = error.asObject();
    if (e != null && e.getString("message") != null) return e.getString("message");
    if (error.asString() != null) return error.asString();
    return error.toJson();
  }
}
