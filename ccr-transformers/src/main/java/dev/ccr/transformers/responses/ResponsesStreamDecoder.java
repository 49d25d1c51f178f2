package dev.ccr.transformers.responses;

import dev.ccr.ProviderException;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.Delta;
import dev.ccr.model.StopReason;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.TextBlock;
import dev.ccr.model.ThinkingBlock;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.routing.Route;
import dev.ccr.spi.StreamDecoder;
import dev.ccr.spi.UpstreamEvent;
import dev.ccr.transformers.EventAssembler;
import dev.ccr.transformers.EventAssembler.Kind;
import dev.ccr.transformers.openai.ChatWire;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Responses API stream events to Anthropic events. Each output item is one block: a message's
 * text (refusals included) a text block, a {@code function_call} a tool_use block whose arguments
 * stream as {@code input_json_delta}s, a reasoning item's summary a thinking block signed with its
 * encrypted content. {@code message_start} waits for the first output, so a {@code
 * response.failed} or {@code error} before it is a {@link ProviderException} the engine can retry
 * or fall back from; after it, an {@code error} event. The terminal response fills in any item
 * the stream did not show, which is also how a whole JSON reply is read.
 */
public final class ResponsesStreamDecoder implements StreamDecoder {
  private static final Logger log = LoggerFactory.getLogger(ResponsesStreamDecoder.class);
  /** Events that carry nothing the deltas and item events have not already said. */
  private static final Set<String> REDUNDANT = Set.of("response.content_part.added", "response.content_part.done",
      "response.output_text.done", "response.refusal.done", "response.function_call_arguments.done",
      "response.reasoning_summary_part.added", "response.reasoning_summary_part.done",
      "response.reasoning_summary_text.done", "response.reasoning_text.done", "response.output_text.annotation.added");

  /** One output item, by its {@code output_index}. */
  private static final class Item {
    final String type;
    boolean begun;
    boolean streamed;
    boolean done;
    int summaryIndex = -1;

    Item(String type) {
      this.type = type == null ? "" : type;
    }
  }

  private final Route route;
  private final EventAssembler events;
  private final Map<Integer, Item> items = new HashMap<>();
  private int openItem = -1;
  private String id;
  private String model;
  private boolean sawToolCall;

  public ResponsesStreamDecoder(Route route) {
    this.route = route;
    this.events = new EventAssembler(route);
  }

  @Override
  public void decode(UpstreamEvent event, Consumer<StreamEvent> out) {
    if (events.done()) return;
    JsonObject data = event.data().asObject();
    if (data == null) return;
    String type = data.getString("type") != null ? data.getString("type") : event.event();
    if (type == null) {
      log.debug("{}: skipped a Responses event without a type", route.target());
      return;
    }
    int index = ChatWire.intOf(data.get("output_index"));
    switch (type) {
      case "response.created":
      case "response.in_progress":
      case "response.queued":
        remember(data.getObject("response"));
        break;
      case "response.output_item.added":
        added(index, data.getObject("item"), out);
        break;
      case "response.output_text.delta":
      case "response.refusal.delta":
        text(index, data.getString("delta"), out);
        break;
      case "response.function_call_arguments.delta":
        arguments(index, data.getString("delta"), out);
        break;
      case "response.reasoning_summary_text.delta":
      case "response.reasoning_text.delta":
        int part = data.has("summary_index") ? ChatWire.intOf(data.get("summary_index")) : ChatWire.intOf(data.get("content_index"));
        thinking(index, part, data.getString("delta"), out);
        break;
      case "response.output_item.done":
        done(index, data.getObject("item"), out);
        break;
      case "response.completed":
      case "response.incomplete":
        complete(type, data.getObject("response"), out);
        break;
      case "response.failed":
        JsonObject response = data.getObject("response");
        fail(response == null ? null : response.get("error"), out);
        break;
      case "error":
        fail(data.has("error") ? data.get("error") : data, out);
        break;
      default:
        if (!REDUNDANT.contains(type)) log.debug("{}: skipped Responses event {}", route.target(), type);
    }
  }

  private void remember(JsonObject response) {
    if (response == null) return;
    if (response.getString("id") != null) id = response.getString("id");
    if (response.getString("model") != null) model = response.getString("model");
  }

  private void start(Consumer<StreamEvent> out) {
    if (!events.started()) events.start(ChatWire.messageId(id), model, out);
  }

  private void begin(int index, Kind kind, ContentBlock block, Consumer<StreamEvent> out) {
    start(out);
    events.begin(kind, block, out);
    openItem = index;
  }

  private void close(int index, Consumer<StreamEvent> out) {
    if (openItem != index) return;
    events.close(out);
    openItem = -1;
  }

  private boolean isOpen(int index, Kind kind) {
    return openItem == index && events.open() == kind;
  }

  private void added(int index, JsonObject item, Consumer<StreamEvent> out) {
    if (item == null) return;
    Item it = new Item(item.getString("type"));
    items.put(index, it);
    switch (it.type) {
      case "function_call":
        openTool(index, it, item, out);
        break;
      case "message":
      case "reasoning":
        break; // their blocks open with their first delta, or at output_item.done when nothing streamed
      default:
        log.debug("{}: skipped Responses output item of type {}", route.target(), it.type);
    }
  }

  private void openTool(int index, Item it, JsonObject item, Consumer<StreamEvent> out) {
    sawToolCall = true;
    JsonValue callId = item.get("call_id") != null ? item.get("call_id") : item.get("id");
    begin(index, Kind.TOOL, new ToolUseBlock(ChatWire.toolId(callId), item.getString("name"), JsonObject.of(), null), out);
    it.begun = true;
  }

  private void text(int index, String delta, Consumer<StreamEvent> out) {
    if (delta == null || delta.isEmpty()) return;
    Item it = items.computeIfAbsent(index, k -> new Item("message"));
    if (!isOpen(index, Kind.TEXT)) begin(index, Kind.TEXT, TextBlock.of(""), out);
    events.delta(new Delta.Text(delta), out);
    it.begun = true;
    it.streamed = true;
  }

  private void arguments(int index, String delta, Consumer<StreamEvent> out) {
    if (delta == null || delta.isEmpty()) return;
    Item it = items.get(index);
    if (it == null || !isOpen(index, Kind.TOOL)) {
      log.warn("{}: function call arguments for output {}, which is not an open call; dropped", route.target(), index);
      return;
    }
    events.delta(new Delta.InputJson(delta), out);
    it.streamed = true;
  }

  private void thinking(int index, int part, String delta, Consumer<StreamEvent> out) {
    if (delta == null || delta.isEmpty()) return;
    Item it = items.computeIfAbsent(index, k -> new Item("reasoning"));
    if (!isOpen(index, Kind.THINKING)) begin(index, Kind.THINKING, new ThinkingBlock("", "", null), out);
    // Summary parts are paragraphs of one thinking block.
    events.thinking(it.summaryIndex >= 0 && part != it.summaryIndex ? "\n\n" + delta : delta, out);
    it.summaryIndex = part;
    it.begun = true;
    it.streamed = true;
  }

  /** An item is complete: whatever of it did not stream goes out whole, and its block closes. */
  private void done(int index, JsonObject item, Consumer<StreamEvent> out) {
    if (item == null) return;
    Item it = items.computeIfAbsent(index, k -> new Item(item.getString("type")));
    if (it.done) return;
    it.done = true;
    switch (it.type) {
      case "function_call":
        if (!it.begun) openTool(index, it, item, out);
        String args = item.getString("arguments");
        if (!it.streamed && args != null && !args.isEmpty() && isOpen(index, Kind.TOOL)) {
          events.delta(new Delta.InputJson(args), out);
        }
        close(index, out);
        break;
      case "message":
        if (!it.streamed) {
          String text = ResponsesWire.messageText(item.getArray("content"));
          if (!text.isEmpty()) text(index, text, out);
        }
        close(index, out);
        break;
      case "reasoning":
        reasoningDone(index, it, item, out);
        break;
      default:
        break; // skipped when it was added
    }
  }

  private void reasoningDone(int index, Item it, JsonObject item, Consumer<StreamEvent> out) {
    String encrypted = item.getString("encrypted_content");
    if (!it.streamed) {
      String summary = ResponsesWire.summaryText(item.getArray("summary"));
      if (summary.isEmpty() && encrypted == null) return; // nothing to show and nothing to send back
      begin(index, Kind.THINKING, new ThinkingBlock("", "", null), out);
      events.thinking(summary, out);
    }
    if (isOpen(index, Kind.THINKING) && encrypted != null && !encrypted.isEmpty()) {
      events.signature(ResponsesWire.signature(encrypted));
    }
    close(index, out);
  }

  private void complete(String type, JsonObject response, Consumer<StreamEvent> out) {
    if (response == null) response = JsonObject.of();
    remember(response);
    JsonArray output = response.getArray("output");
    if (output != null) {
      for (int i = 0; i < output.size(); i++) {
        JsonObject item = output.get(i).asObject();
        Item seen = items.get(i);
        if (item == null || seen != null && seen.done) continue;
        if (seen == null) added(i, item, out);
        done(i, item, out);
      }
    }
    start(out);
    if (openItem >= 0) close(openItem, out);
    String stop = type.equals("response.incomplete") ? ResponsesWire.incompleteReason(response, sawToolCall)
        : sawToolCall ? StopReason.TOOL_USE : StopReason.END_TURN;
    events.finish(stop, ResponsesWire.usage(response.getObject("usage")), out);
  }

  /** Before anything reached the client, a {@link ProviderException}; after, an error event. */
  private void fail(JsonValue error, Consumer<StreamEvent> out) {
    String message = ResponsesWire.errorMessage(error);
    if (!events.started()) {
      String code = error != null && error.asObject() != null ? error.asObject().getString("code") : null;
      throw new ProviderException(route.provider(), route.model(), ResponsesWire.statusFor(code),
          route.target() + ": " + message, Map.of(), null);
    }
    events.fail(message, out);
  }

  @Override
  public void finish(Consumer<StreamEvent> out) {
    events.finish(null, null, out); // only reached without response.completed: the stream was cut
  }
}
