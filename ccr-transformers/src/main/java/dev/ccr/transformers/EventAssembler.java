package dev.ccr.transformers;

import dev.ccr.model.ApiError;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.Delta;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.TextBlock;
import dev.ccr.model.ThinkingBlock;
import dev.ccr.model.Usage;
import dev.ccr.routing.Route;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes the Anthropic event sequence for any provider's stream decoder: message_start and ping,
 * one open block at a time with running indexes, thinking closed with its signature (a stand-in
 * when the provider signs nothing), and the closing message_delta and message_stop, or an error.
 */
public final class EventAssembler {
  /** What the open block is. */
  public enum Kind { NONE, TEXT, THINKING, TOOL }

  private final Route route;
  private boolean started;
  private boolean done;
  private int nextIndex;
  private Kind open = Kind.NONE;
  private int openIndex = -1;
  private final StringBuilder thinking = new StringBuilder();
  private String signature;

  public EventAssembler(Route route) {
    this.route = route;
  }

  public boolean started() {
    return started;
  }

  /** True once the stream was closed or failed: nothing more goes out. */
  public boolean done() {
    return done;
  }

  public Kind open() {
    return open;
  }

  /** message_start (with zero usage; the real figures come in message_delta) and a ping. */
  public void start(String id, String model, Consumer<StreamEvent> out) {
    started = true;
    out.accept(new StreamEvent.MessageStart(new MessagesResponse(id, "assistant", model != null ? model : route.model(),
        List.of(), null, null, new Usage(0, 0, 0, 0, null), null)));
    out.accept(new StreamEvent.Ping());
  }

  /** Closes any open block and opens one; returns its index. */
  public int begin(Kind kind, ContentBlock block, Consumer<StreamEvent> out) {
    close(out);
    open = kind;
    openIndex = nextIndex++;
    out.accept(new StreamEvent.ContentBlockStart(openIndex, block));
    return openIndex;
  }

  /** A text delta, in the open text block or a new one. */
  public void text(String text, Consumer<StreamEvent> out) {
    if (open != Kind.TEXT) begin(Kind.TEXT, TextBlock.of(""), out);
    out.accept(new StreamEvent.ContentBlockDelta(openIndex, new Delta.Text(text)));
  }

  /** A thinking delta, in the open thinking block or a new one. */
  public void thinking(String text, Consumer<StreamEvent> out) {
    if (open != Kind.THINKING) begin(Kind.THINKING, new ThinkingBlock("", "", null), out);
    if (text.isEmpty()) return;
    thinking.append(text);
    out.accept(new StreamEvent.ContentBlockDelta(openIndex, new Delta.Thinking(text)));
  }

  /** The provider's signature for the thinking block now open or about to close. */
  public void signature(String signature) {
    this.signature = signature;
  }

  /** A delta for the open block. */
  public void delta(Delta delta, Consumer<StreamEvent> out) {
    out.accept(new StreamEvent.ContentBlockDelta(openIndex, delta));
  }

  /** Closes the open block, if any; thinking gets its signature first. */
  public void close(Consumer<StreamEvent> out) {
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

  /**
   * The end of the provider's stream: message_delta and message_stop when it said how it
   * finished ({@code stopReason} not null), else an error event, since the stream was cut.
   */
  public void finish(String stopReason, Usage usage, Consumer<StreamEvent> out) {
    if (done) return;
    if (!started) {
      fail("the stream ended before any data arrived", out);
      return;
    }
    if (stopReason == null) {
      fail("the stream ended without a finish reason (the connection was cut or the provider stopped)", out);
      return;
    }
    close(out);
    done = true;
    out.accept(new StreamEvent.MessageDelta(stopReason, null, null, usage != null ? usage : new Usage(0, 0, 0, 0, null), null));
    out.accept(new StreamEvent.MessageStop());
  }

  /** An error event naming the route; nothing follows it. */
  public void fail(String message, Consumer<StreamEvent> out) {
    done = true;
    out.accept(new StreamEvent.Error(ApiError.of("api_error", route.target() + ": " + message)));
  }
}
