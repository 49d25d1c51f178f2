package dev.ccr.transformers.openai;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.Delta;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.model.Usage;
import dev.ccr.routing.Route;
import dev.ccr.spi.StreamDecoder;
import dev.ccr.spi.UpstreamEvent;
import dev.ccr.transformers.EventAssembler;
import dev.ccr.transformers.EventAssembler.Kind;
import java.util.LinkedHashMap;
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

  private static final class ToolCall {
    String id;
    String name;
    final StringBuilder pending = new StringBuilder();
    int index = -1;
    boolean closed;
  }

  private final Route route;
  private final EventAssembler events;
  private ToolCall openTool;
  private final Map<Integer, ToolCall> tools = new LinkedHashMap<>();
  private String finishReason;
  private boolean sawToolCalls;
  private Usage usage;

  public ChatStreamDecoder(Route route) {
    this.route = route;
    this.events = new EventAssembler(route);
  }

  @Override
  public void decode(UpstreamEvent event, Consumer<StreamEvent> out) {
    if (events.done()) return;
    JsonObject data = event.data().asObject();
    if (data == null) return;
    JsonValue error = data.get("error");
    if (error != null && !error.isNull()) {
      events.fail(errorMessage(error), out);
      return;
    }
    if (!events.started()) events.start(ChatWire.messageId(data.getString("id")), data.getString("model"), out);
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
        events.fail(e != null ? errorMessage(e) : "the provider reported an error while generating", out);
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
        if (o.getString("signature") != null) events.signature(o.getString("signature"));
      }
    }
    if (reasoning != null && !reasoning.isEmpty()) {
      openPendingTools(out);
      if (events.open() != Kind.THINKING) close(out); // a tool call before it is complete
      events.thinking(reasoning, out);
    }
    String text = ChatWire.text(delta.get("content"));
    if (!text.isEmpty()) {
      openPendingTools(out);
      if (events.open() != Kind.TEXT) close(out);
      events.text(text, out);
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
    if (call.id == null && id != null && !id.isEmpty()) call.id = ChatWire.toolId(c.get("id"));
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
    call.index = events.begin(Kind.TOOL, new ToolUseBlock(call.id, call.name, JsonObject.of(), null), out);
    openTool = call;
    if (call.pending.length() > 0) {
      events.delta(new Delta.InputJson(call.pending.toString()), out);
      call.pending.setLength(0);
    }
  }

  private void close(Consumer<StreamEvent> out) {
    if (openTool != null) {
      openTool.closed = true;
      openTool = null;
    }
    events.close(out);
  }

  @Override
  public void finish(Consumer<StreamEvent> out) {
    if (events.done()) return;
    if (events.started() && finishReason != null) {
      openPendingTools(out);
      close(out);
    }
    events.finish(finishReason == null ? null : ChatWire.stopReason(finishReason, sawToolCalls), usage, out);
  }

  private static String errorMessage(JsonValue error) {
    JsonObject e = error.asObject();
    if (e != null && e.getString("message") != null) return e.getString("message");
    if (error.asString() != null) return error.asString();
    return error.toJson();
  }
}
