package dev.ccr.engine;

import dev.ccr.EventStream;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.UsageTally;
import dev.ccr.usage.UsageLedger;

/**
 * A reply's events as they pass to the client, watched: the first one times the first token, the
 * tally follows usage, and the end (message_stop, an error event, the stream's end, or a close
 * before any of these) writes the record and counts the stream closed.
 */
final class MeteredStream extends EventStream<StreamEvent> {
  private final EventStream<StreamEvent> source;
  private final Meter meter;
  private final UsageTally tally;
  private final UsageLedger ledger;
  private final Runnable onStop;

  MeteredStream(EventStream<StreamEvent> source, Meter meter, UsageTally tally, UsageLedger ledger, Runnable onStop) {
    this.source = source;
    this.meter = meter;
    this.tally = tally;
    this.ledger = ledger;
    this.onStop = onStop;
    ledger.streamOpened();
  }

  @Override
  protected StreamEvent read() {
    if (!source.hasNext()) {
      // Ended without message_stop or an error event: the upstream cut it short.
      if (!meter.hasEnded()) meter.failedMidway("api_error", tally.usage());
      return null;
    }
    StreamEvent e = source.next();
    meter.first();
    tally.accept(e);
    if (e instanceof StreamEvent.MessageStop) {
      onStop.run();
      meter.succeeded(tally.usage());
    } else if (e instanceof StreamEvent.Error err) {
      meter.failedMidway(err.error().type(), tally.usage());
    }
    return e;
  }

  @Override
  public boolean onWait(Runnable action) {
    return source.onWait(action);
  }

  @Override
  protected void release() {
    try {
      source.close();
    } finally {
      meter.cancelled(tally.usage()); // a no-op when the stream had already ended
      ledger.streamClosed();
    }
  }
}
