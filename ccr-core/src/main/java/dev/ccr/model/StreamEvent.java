package dev.ccr.model;

import dev.ccr.json.JsonObject;
import java.util.Objects;

/** One server-sent event of a streamed Messages response; {@link #type()} is the SSE event name. */
public sealed interface StreamEvent {

  String type();

  JsonObject extra();

  /** {@code message_start}: the message with empty content and the input usage. */
  record MessageStart(MessagesResponse message, JsonObject extra) implements StreamEvent {
    public MessageStart {
      Objects.requireNonNull(message, "message");
      extra = Extra.orEmpty(extra);
    }

    public MessageStart(MessagesResponse message) {
      this(message, JsonObject.of());
    }

    @Override
    public String type() {
      return "message_start";
    }
  }

  /** {@code content_block_start}. */
  record ContentBlockStart(int index, ContentBlock contentBlock, JsonObject extra) implements StreamEvent {
    public ContentBlockStart {
      Objects.requireNonNull(contentBlock, "contentBlock");
      extra = Extra.orEmpty(extra);
    }

    public ContentBlockStart(int index, ContentBlock contentBlock) {
      this(index, contentBlock, JsonObject.of());
    }

    @Override
    public String type() {
      return "content_block_start";
    }
  }

  /** {@code content_block_delta}. */
  record ContentBlockDelta(int index, Delta delta, JsonObject extra) implements StreamEvent {
    public ContentBlockDelta {
      Objects.requireNonNull(delta, "delta");
      extra = Extra.orEmpty(extra);
    }

    public ContentBlockDelta(int index, Delta delta) {
      this(index, delta, JsonObject.of());
    }

    @Override
    public String type() {
      return "content_block_delta";
    }
  }

  /** {@code content_block_stop}. */
  record ContentBlockStop(int index, JsonObject extra) implements StreamEvent {
    public ContentBlockStop {
      extra = Extra.orEmpty(extra);
    }

    public ContentBlockStop(int index) {
      this(index, JsonObject.of());
    }

    @Override
    public String type() {
      return "content_block_stop";
    }
  }

  /**
   * {@code message_delta}: the stop reason and the cumulative usage. {@code deltaExtra} keeps unknown
   * members of the inner {@code delta} object.
   */
  record MessageDelta(String stopReason, String stopSequence, JsonObject deltaExtra, Usage usage, JsonObject extra)
      implements StreamEvent {
    public MessageDelta {
      deltaExtra = Extra.orEmpty(deltaExtra);
      extra = Extra.orEmpty(extra);
    }

    public MessageDelta(String stopReason, Usage usage) {
      this(stopReason, null, JsonObject.of(), usage, JsonObject.of());
    }

    @Override
    public String type() {
      return "message_delta";
    }
  }

  /** {@code message_stop}. */
  record MessageStop(JsonObject extra) implements StreamEvent {
    public MessageStop {
      extra = Extra.orEmpty(extra);
    }

    public MessageStop() {
      this(JsonObject.of());
    }

    @Override
    public String type() {
      return "message_stop";
    }
  }

  /** {@code ping}. */
  record Ping(JsonObject extra) implements StreamEvent {
    public Ping {
      extra = Extra.orEmpty(extra);
    }

    public Ping() {
      this(JsonObject.of());
    }

    @Override
    public String type() {
      return "ping";
    }
  }

  /** {@code error}: the stream failed; nothing follows it. */
  record Error(ApiError error, JsonObject extra) implements StreamEvent {
    public Error {
      Objects.requireNonNull(error, "error");
      extra = Extra.orEmpty(extra);
    }

    public Error(ApiError error) {
      this(error, JsonObject.of());
    }

    @Override
    public String type() {
      return "error";
    }
  }

  /** An event type ccr does not model; {@code raw} is the whole event data. */
  record Unknown(String type, JsonObject raw) implements StreamEvent {
    public Unknown {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(raw, "raw");
    }

    @Override
    public JsonObject extra() {
      return raw;
    }
  }
}
