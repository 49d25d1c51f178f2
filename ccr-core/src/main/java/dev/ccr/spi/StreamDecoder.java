package dev.ccr.spi;

import dev.ccr.model.StreamEvent;
import java.util.function.Consumer;

/**
 * Turns one provider stream into Anthropic events, one upstream event at a time. It holds the
 * state of a single stream; make a new one per stream.
 */
public interface StreamDecoder {
  /** Handles one upstream event, giving any Anthropic events it completes to {@code out}. */
  void decode(UpstreamEvent event, Consumer<StreamEvent> out);

  /**
   * The upstream stream ended; gives the closing events to {@code out}, or an {@code error} event
   * when the stream stopped before it was complete.
   */
  void finish(Consumer<StreamEvent> out);
}
