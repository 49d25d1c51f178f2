package dev.ccr;

import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.Usage;
import dev.ccr.model.UsageTally;

/**
 * What {@link ClaudeCodeRouter#exchange} brought back: the provider's own bytes (its format is the
 * client's), a whole message, or a stream of events. Close it when done: closing early cancels the
 * upstream call.
 */
public sealed interface Reply extends AutoCloseable {

  /** Token usage as far as it is known; for forwarded bytes, what the provider reported in those read so far. */
  Usage usage();

  @Override
  void close();

  /** The provider's reply, to be copied to the client byte for byte. */
  record Forwarded(ForwardedReply reply) implements Reply {
    @Override
    public Usage usage() {
      return reply.usage();
    }

    @Override
    public void close() {
      reply.close();
    }
  }

  /** A whole message. */
  record Message(MessagesResponse message) implements Reply {
    @Override
    public Usage usage() {
      return message.usage();
    }

    @Override
    public void close() {}
  }

  /** Events as they arrive; {@code tally} follows their usage. */
  record Events(EventStream<StreamEvent> events, UsageTally tally) implements Reply {
    @Override
    public Usage usage() {
      return tally.usage();
    }

    @Override
    public void close() {
      events.close();
    }
  }
}
