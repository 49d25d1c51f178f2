package dev.ccr.transformers.builtin;

import dev.ccr.EventStream;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamEvent;
import dev.ccr.spi.UpstreamReply;
import dev.ccr.spi.UpstreamRequest;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A transformer written as three edits: the request body, a JSON reply, and a stream (event by
 * event, with a last word when it ends). Each edit leaves things as they are by default.
 */
abstract class WireTransformer implements Transformer {

  @Override
  public final UpstreamReply intercept(Chain chain) throws IOException {
    UpstreamRequest request = chain.request();
    UpstreamRequest edited = request(request);
    UpstreamReply reply = chain.proceed(edited);
    if (reply instanceof UpstreamReply.Body b) {
      JsonValue body = body(b.body(), edited);
      return body == b.body() ? reply : new UpstreamReply.Body(b.status(), b.headers(), body);
    }
    UpstreamReply.Events events = (UpstreamReply.Events) reply;
    StreamEdit edit = stream(edited);
    if (edit == null) return reply;
    return new UpstreamReply.Events(events.status(), events.headers(), new Edited(events.events(), edit));
  }

  /** The request to send on; unchanged by default. */
  UpstreamRequest request(UpstreamRequest request) {
    return request;
  }

  /** A JSON reply; unchanged by default. */
  JsonValue body(JsonValue body, UpstreamRequest request) {
    return body;
  }

  /** An edit for one stream, or null to pass it through untouched. */
  StreamEdit stream(UpstreamRequest request) {
    return null;
  }

  /** Edits one stream: each event may become none, one or several. */
  interface StreamEdit {
    void event(UpstreamEvent event, Consumer<UpstreamEvent> out);

    /** The stream ended; anything held back goes out now. */
    default void end(Consumer<UpstreamEvent> out) {}
  }

  private static final class Edited extends EventStream<UpstreamEvent> {
    private final EventStream<UpstreamEvent> source;
    private final StreamEdit edit;
    private final ArrayDeque<UpstreamEvent> pending = new ArrayDeque<>();
    private boolean ended;

    Edited(EventStream<UpstreamEvent> source, StreamEdit edit) {
      this.source = source;
      this.edit = edit;
    }

    @Override
    protected UpstreamEvent read() {
      while (pending.isEmpty()) {
        if (ended) return null;
        if (source.hasNext()) {
          edit.event(source.next(), pending::add);
        } else {
          ended = true;
          edit.end(pending::add);
        }
      }
      return pending.poll();
    }

    @Override
    public boolean onWait(Runnable action) {
      return source.onWait(action);
    }

    @Override
    protected void release() {
      source.close();
    }
  }
}
