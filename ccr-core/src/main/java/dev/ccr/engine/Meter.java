package dev.ccr.engine;

import dev.ccr.CcrException;
import dev.ccr.model.Usage;
import dev.ccr.routing.Route;
import dev.ccr.usage.PriceTable;
import dev.ccr.usage.Price;
import dev.ccr.usage.UsageLedger;
import dev.ccr.usage.UsageRecord;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Times one exchange and writes its {@link UsageRecord} once, however it ends: a whole answer, a
 * stream read to its end, an error, or a client that left. Cheap on the exchange's thread: the
 * record goes to the ledger's queue.
 */
final class Meter {
  private final UsageLedger ledger;
  private final PriceTable prices;
  private final Clock clock;
  private final String requestId;
  private final Route route;
  private final long start;
  private final Instant time;
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Route served;
  private volatile boolean cached;
  private volatile long first = -1;

  Meter(UsageLedger ledger, PriceTable prices, Clock clock, String requestId, Route route) {
    this.ledger = ledger;
    this.prices = prices;
    this.clock = clock;
    this.requestId = requestId;
    this.route = route;
    this.served = route;
    this.start = clock.nanoTime();
    this.time = clock.now();
  }

  /** {@code attempt}, counted, and remembered as the candidate that served when it succeeds. */
  <T> AttemptPolicy.Attempt<T> counted(AttemptPolicy.Attempt<T> attempt) {
    return (candidate, upstream, key) -> {
      attempts.incrementAndGet();
      served = candidate;
      return attempt.run(candidate, upstream, key);
    };
  }

  /** Marks the exchange as answered by the response cache: recorded free, its tokens saved rather than spent. */
  Meter cached() {
    cached = true;
    return this;
  }

  /** The first event or byte of the answer arrived (only the first call counts). */
  void first() {
    if (first < 0) first = clock.nanoTime();
  }

  void succeeded(Usage usage) {
    end(200, usage, null);
  }

  void failed(RuntimeException e, Usage usage) {
    if (e instanceof CcrException c) end(c.status(), usage, c.errorType());
    else end(500, usage, "api_error");
  }

  /** The answer ended in an error after it began: the client saw 200 and then an error event. */
  void failedMidway(String errorType, Usage usage) {
    end(200, usage, errorType);
  }

  void cancelled(Usage usage) {
    end(499, usage, UsageRecord.CANCELLED);
  }

  boolean hasEnded() {
    return ended.get();
  }

  private void end(int status, Usage usage, String errorType) {
    if (!ended.compareAndSet(false, true)) return;
    long now = clock.nanoTime();
    long durationMs = (now - start) / 1_000_000;
    long ttftMs = first < 0 ? (errorType == null ? durationMs : -1) : (first - start) / 1_000_000;
    long in = 0, out = 0, cacheRead = 0, cacheCreation = 0;
    if (usage != null) {
      in = n(usage.inputTokens());
      out = n(usage.outputTokens());
      cacheRead = n(usage.cacheReadInputTokens());
      cacheCreation = n(usage.cacheCreationInputTokens());
    }
    // Speed is output over the time it took to arrive: from the first event on when there was a stream.
    long generatingNanos = now - (first < 0 ? start : first);
    if (generatingNanos <= 0) generatingNanos = now - start;
    double perSecond = out > 0 && generatingNanos > 0 ? out * 1e9 / generatingNanos : 0;
    Route r = served;
    Price price = prices.find(r.provider(), r.model()).orElse(null);
    if (cached) {
      // Free where the route has a price; unpriced stays unpriced (no cost), never "$0".
      ledger.record(new UsageRecord(requestId, time, route.sessionId(), route.scenario(), r.reason(), r.provider(),
          r.model(), status, 0, 0, 0, 0, 0, ttftMs, durationMs, 0, errorType, price == null ? null : 0.0, true,
          in + cacheRead + cacheCreation + out));
      return;
    }
    Double cost = price == null ? null : price.cost(in, out, cacheRead, cacheCreation);
    ledger.record(new UsageRecord(requestId, time, route.sessionId(), route.scenario(), r.reason(),
        r.provider(), r.model(), status, attempts.get(), in, out, cacheRead, cacheCreation,
        ttftMs, durationMs, perSecond, errorType, cost));
  }

  private static long n(Integer v) {
    return v == null ? 0 : v;
  }
}
