package dev.ccr.transformers.openai.inbound;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNull;
import dev.ccr.json.JsonObject;
import dev.ccr.model.ApiError;
import dev.ccr.model.Delta;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.model.UsageTally;
import dev.ccr.transformers.openai.ChatWire;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Anthropic stream events as {@code chat.completion.chunk} objects, event by event: the first chunk
 * carries the role, text deltas are {@code content}, a tool call opens with its id and name at its
 * own index and then streams its arguments, thinking is {@code reasoning_content}, the stop reason
 * is a finish chunk, and with {@code include_usage} a last chunk with no choices carries the usage.
 * An {@code error} event, or a stream that ends before {@code message_stop}, is an error chunk.
 */
public final class ChatChunkWriter {
  private final String id;
  private final long created;
  private final boolean includeUsage;
  private final UsageTally tally = new UsageTally();
  /** Anthropic block index to OpenAI tool call index. */
  private final Map<Integer, Integer> toolIndex = new HashMap<>();
  private String model = "";
  private boolean started;
  private boolean finishSent;
  private boolean finished;
  private boolean failed;

  public ChatChunkWriter(String id, long created, boolean includeUsage) {
    this.id = id;
    this.created = created;
    this.includeUsage = includeUsage;
  }

  /** The chunks for {@code event}, none or more, handed to {@code out} in order. */
  public void write(StreamEvent event, Consumer<JsonObject> out) {
    if (finished) return;
    tally.accept(event);
    if (event instanceof StreamEvent.MessageStart s) {
      if (s.message().model() != null) model = s.message().model();
      start(out);
    } else if (event instanceof StreamEvent.ContentBlockStart s && s.contentBlock() instanceof ToolUseBlock u) {
      start(out);
      int index = toolIndex.size();
      toolIndex.put(s.index(), index);
      JsonObject call = ChatCompletionWriter.toolCall(u.id(), u.name(), "").toBuilder().put("index", index).build();
      out.accept(chunk(JsonObject.builder().put("tool_calls", JsonArray.of(call)).build(), null));
    } else if (event instanceof StreamEvent.ContentBlockDelta d) {
      start(out);
      delta(d, out);
    } else if (event instanceof StreamEvent.MessageDelta d) {
      start(out);
      if (d.stopReason() != null) finish(d.stopReason(), out);
    } else if (event instanceof StreamEvent.MessageStop) {
      start(out);
      finish(null, out); // a client waits for a finish reason; "stop" when the upstream gave none
      finished = true;
      if (includeUsage) {
        JsonObject.Builder last = header().put("choices", JsonArray.of(List.of()));
        last.put("usage", tally.usage() == null ? JsonNull.INSTANCE : ChatCompletionWriter.usage(tally.usage()));
        out.accept(last.build());
      }
    } else if (event instanceof StreamEvent.Error e) {
      out.accept(error(e.error()));
    }
    // Pings, block starts and stops of text or thinking, and unknown events have no chunk.
  }

  /** True once the stream has ended properly or with an error chunk; {@code data: [DONE]} follows only the former. */
  public boolean finished() {
    return finished;
  }

  /** True when the stream ended with an error chunk. */
  public boolean failed() {
    return failed;
  }

  /** The error chunk for a stream that ended without {@code message_stop}: never a silent cut. */
  public JsonObject cut() {
    return error(ApiError.of("api_error", "the upstream stream ended before the answer was complete"));
  }

  private JsonObject error(ApiError error) {
    finished = true;
    failed = true;
    return ChatCompletionWriter.error(500, error, null);
  }

  private void delta(StreamEvent.ContentBlockDelta d, Consumer<JsonObject> out) {
    Delta delta = d.delta();
    if (delta instanceof Delta.Text t) {
      if (!t.text().isEmpty()) out.accept(chunk(JsonObject.builder().put("content", t.text()).build(), null));
    } else if (delta instanceof Delta.Thinking t) {
      if (!t.thinking().isEmpty()) {
        out.accept(chunk(JsonObject.builder().put("reasoning_content", t.thinking()).build(), null));
      }
    } else if (delta instanceof Delta.InputJson j) {
      Integer index = toolIndex.get(d.index());
      if (index == null || j.partialJson().isEmpty()) return;
      JsonObject call = JsonObject.builder().put("index", index)
          .put("function", JsonObject.builder().put("arguments", j.partialJson()).build()).build();
      out.accept(chunk(JsonObject.builder().put("tool_calls", JsonArray.of(call)).build(), null));
    }
  }

  /** The finish chunk, once. */
  private void finish(String stopReason, Consumer<JsonObject> out) {
    if (finishSent) return;
    finishSent = true;
    out.accept(chunk(JsonObject.of(), ChatWire.finishReason(stopReason)));
  }

  /** The first chunk, once: the assistant role and empty content, as OpenAI opens a stream. */
  private void start(Consumer<JsonObject> out) {
    if (started) return;
    started = true;
    out.accept(chunk(JsonObject.builder().put("role", "assistant").put("content", "").build(), null));
  }

  private JsonObject chunk(JsonObject delta, String finishReason) {
    JsonObject choice = JsonObject.builder().put("index", 0).put("delta", delta).put("logprobs", JsonNull.INSTANCE)
        .put("finish_reason", finishReason == null ? JsonNull.INSTANCE : dev.ccr.json.JsonString.of(finishReason)).build();
    JsonObject.Builder b = header().put("choices", JsonArray.of(choice));
    if (includeUsage) b.put("usage", JsonNull.INSTANCE); // as OpenAI: every chunk but the last has usage null
    return b.build();
  }

  private JsonObject.Builder header() {
    return JsonObject.builder().put("id", id).put("object", "chat.completion.chunk").put("created", created)
        .put("model", model);
  }
}
