package dev.ccr.model;

import dev.ccr.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Builds the event sequence Anthropic would stream for a complete message. */
public final class StreamEvents {
  private StreamEvents() {}

  /** message_start, each block as start/delta/stop, message_delta and message_stop. */
  public static List<StreamEvent> of(MessagesResponse message) {
    List<StreamEvent> out = new ArrayList<>(message.content().size() * 3 + 4);
    Usage u = message.usage();
    Usage startUsage = u == null ? null
        : new Usage(u.inputTokens(), 1, u.cacheCreationInputTokens(), u.cacheReadInputTokens(), u.extra());
    out.add(new StreamEvent.MessageStart(new MessagesResponse(message.id(), message.role(), message.model(), List.of(),
        null, null, startUsage, message.extra())));
    int index = 0;
    for (ContentBlock block : message.content()) {
      blockEvents(index++, block, out);
    }
    out.add(new StreamEvent.MessageDelta(message.stopReason(), message.stopSequence(), JsonObject.of(), u,
        JsonObject.of()));
    out.add(new StreamEvent.MessageStop());
    return out;
  }

  static void blockEvents(int index, ContentBlock block, List<StreamEvent> out) {
    if (block instanceof TextBlock t) {
      out.add(new StreamEvent.ContentBlockStart(index, new TextBlock("", null, t.extra())));
      if (!t.text().isEmpty()) out.add(new StreamEvent.ContentBlockDelta(index, new Delta.Text(t.text())));
      if (t.citations() != null) {
        t.citations().elements().forEach(c ->
            out.add(new StreamEvent.ContentBlockDelta(index, new Delta.Citations(c, JsonObject.of()))));
      }
    } else if (block instanceof ThinkingBlock t) {
      out.add(new StreamEvent.ContentBlockStart(index, new ThinkingBlock("", "", t.extra())));
      if (!t.thinking().isEmpty()) out.add(new StreamEvent.ContentBlockDelta(index, new Delta.Thinking(t.thinking())));
      if (t.signature() != null && !t.signature().isEmpty()) {
        out.add(new StreamEvent.ContentBlockDelta(index, new Delta.Signature(t.signature())));
      }
    } else if (block instanceof ToolUseBlock t) {
      out.add(new StreamEvent.ContentBlockStart(index, new ToolUseBlock(t.id(), t.name(), JsonObject.of(), t.extra())));
      out.add(new StreamEvent.ContentBlockDelta(index, new Delta.InputJson(t.input().toJson())));
    } else if (block instanceof ServerToolUseBlock t) {
      out.add(new StreamEvent.ContentBlockStart(index,
          new ServerToolUseBlock(t.id(), t.name(), JsonObject.of(), t.extra())));
      out.add(new StreamEvent.ContentBlockDelta(index, new Delta.InputJson(t.input().toJson())));
    } else {
      out.add(new StreamEvent.ContentBlockStart(index, block));
    }
    out.add(new StreamEvent.ContentBlockStop(index));
  }
}
