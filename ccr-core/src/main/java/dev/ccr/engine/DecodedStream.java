package dev.ccr.engine;

import dev.ccr.CcrException;
import dev.ccr.EventStream;
import dev.ccr.model.ApiError;
import dev.ccr.model.StreamEvent;
import dev.ccr.spi.StreamDecoder;
import dev.ccr.spi.UpstreamEvent;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anthropic events decoded from an upstream stream, one upstream event at a time. A failure while
 * streaming becomes an Anthropic {@code error} event that ends the stream, never a silent cut.
 */
final class DecodedStream extends EventStream<StreamEvent> {
  private static final Logger log = LoggerFactory.getLogger(DecodedStream.class);

  private final EventStream<UpstreamEvent> upstream;
  private final StreamDecoder decoder;
  private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
  private boolean finished;
  private RuntimeException failure;

  public DecodedStream(EventStream<UpstreamEvent> upstream, StreamDecoder decoder) {
    this.upstream = upstream;
    this.decoder = decoder;
  }

  @Override
  protected StreamEvent read() {
    while (pending.isEmpty()) {
      if (finished) return null;
      try {
        if (upstream.hasNext()) {
          decoder.decode(upstream.next(), pending::add);
        } else {
          finished = true;
          decoder.finish(pending::add);
        }
      } catch (RuntimeException e) {
        if (isClosed()) return null; // the reader closed the stream while it was being read: nobody is listening
        failure = e;
        if (e instanceof CcrException c) {
          fail(c.toApiError(), e);
        } else {
          fail(ApiError.of("api_error", "stream translation failed: " + e), e);
        }
      }
    }
    StreamEvent e = pending.poll();
    if (e instanceof StreamEvent.Error) {
      finished = true;
      pending.clear(); // nothing follows an error event
    }
    return e;
  }

  private void fail(ApiError error, Exception e) {
    log.warn("Upstream stream failed: {}", e.getMessage());
    finished = true;
    pending.clear();
    pending.add(new StreamEvent.Error(error));
  }

  /** What ended the stream with an error event, when it was an exception; null otherwise. */
  public RuntimeException failure() {
    return failure;
  }

  @Override
  public boolean onWait(Runnable action) {
    return upstream.onWait(action);
  }

  @Override
  protected void release() {
    upstream.close();
  }
}
