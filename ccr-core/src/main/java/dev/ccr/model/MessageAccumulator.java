package dev.ccr.model;

import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonParseException;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rebuilds the final message from stream events, as Anthropic's SDKs do. */
public final class MessageAccumulator {
  private MessagesResponse start;
  private final Map<Integer, Partial> blocks = new TreeMap<>();
  private String stopReason;
  private String stopSequence;
  private final UsageTally usage = new UsageTally();
  private ApiError error;
  private boolean stopped;

  /** Adds one event; returns it, so this can sit inside a stream pipeline. */
  public StreamEvent accept(StreamEvent event) {
    usage.accept(event);
    if (event instanceof StreamEvent.MessageStart e) {
      start = e.message();
    } else if (event instanceof StreamEvent.ContentBlockStart e) {
      blocks.put(e.index(), new Partial(e.contentBlock()));
    } else if (event instanceof StreamEvent.ContentBlockDelta e) {
      Partial p = blocks.get(e.index());
      if (p == null) throw new IllegalStateException("delta for block " + e.index() + " before its start");
      p.add(e.delta());
    } else if (event instanceof StreamEvent.ContentBlockStop e) {
      Partial p = blocks.get(e.index());
      if (p != null) p.stopped = true;
    } else if (event instanceof StreamEvent.MessageDelta e) {
      if (e.stopReason() != null) stopReason = e.stopReason();
      if (e.stopSequence() != null) stopSequence = e.stopSequence();
    } else if (event instanceof StreamEvent.MessageStop) {
      stopped = true;
    } else if (event instanceof StreamEvent.Error e) {
      error = e.error();
    }
    return event;
  }

  /** The error event the stream carried, or null. */
  public ApiError error() {
    return error;
  }

  /** True once {@code message_stop} arrived. */
  public boolean isComplete() {
    return stopped;
  }

  /** The message as far as it has arrived. */
  public MessagesResponse message() {
    if (start == null) throw new IllegalStateException("no message_start yet");
    List<ContentBlock> content = new ArrayList<>(blocks.size());
    for (Partial p : blocks.values()) content.add(p.build());
    return new MessagesResponse(start.id(), start.role(), start.model(), content,
        stopReason != null ? stopReason : start.stopReason(),
        stopSequence != null ? stopSequence : start.stopSequence(), usage.usage(), start.extra());
  }

  private static final class Partial {
    private final ContentBlock start;
    private final StringBuilder text = new StringBuilder();
    private String signature;
    private final List<JsonValue> citations = new ArrayList<>();
    boolean stopped;

    Partial(ContentBlock start) {
      this.start = start;
      if (start instanceof TextBlock t) text.append(t.text());
      if (start instanceof ThinkingBlock t) {
        text.append(t.thinking());
        signature = t.signature();
      }
    }

    void add(Delta d) {
      if (d instanceof Delta.Text t) text.append(t.text());
      else if (d instanceof Delta.InputJson j) text.append(j.partialJson());
      else if (d instanceof Delta.Thinking t) text.append(t.thinking());
      else if (d instanceof Delta.Signature s) signature = (signature == null ? "" : signature) + s.signature();
      else if (d instanceof Delta.Citations c) citations.add(c.citation());
    }

    ContentBlock build() {
      if (start instanceof TextBlock t) {
        JsonArray cites = t.citations();
        if (!citations.isEmpty()) {
          List<JsonValue> all = new ArrayList<>(cites == null ? List.of() : cites.elements());
          all.addAll(citations);
          cites = JsonArray.of(all);
        }
        return new TextBlock(text.toString(), cites, t.extra());
      }
      if (start instanceof ThinkingBlock t) return new ThinkingBlock(text.toString(), signature, t.extra());
      if (start instanceof ToolUseBlock t) return new ToolUseBlock(t.id(), t.name(), input(t.input()), t.extra());
      if (start instanceof ServerToolUseBlock t) {
        return new ServerToolUseBlock(t.id(), t.name(), input(t.input()), t.extra());
      }
      return start;
    }

    private JsonValue input(JsonValue startInput) {
      if (text.length() == 0) return startInput;
      try {
        return Json.parse(text.toString());
      } catch (JsonParseException e) {
        // Keep what arrived rather than lose it; the caller sees it was not valid JSON.
        return JsonObject.builder().put("_raw_input", new JsonString(text.toString())).build();
      }
    }
  }
}
