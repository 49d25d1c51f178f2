package dev.ccr.usage;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records as the ledger takes them in, from the moment the feed was opened, for one reader that
 * polls them. A reader that falls behind loses records (counted) rather than holding anyone up.
 * Close it to leave.
 */
public final class UsageFeed implements AutoCloseable {
  /** Put in the queue by {@link #close} to wake a reader waiting in {@link #poll}. */
  private static final UsageRecord CLOSED = new UsageRecord(null, java.time.Instant.EPOCH, null, null, null, "-", "-", 0,
      0, 0, 0, 0, 0, -1, 0, 0, null, null);
  private final BlockingQueue<UsageRecord> queue;
  private final UsageLedger ledger;
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;

  UsageFeed(UsageLedger ledger, int capacity) {
    this.ledger = ledger;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  void offer(UsageRecord r) {
    if (!queue.offer(r)) dropped.incrementAndGet();
  }

  /** The next record, waiting up to {@code timeout}; null when none came or the feed is closed (which ends the wait). */
  public UsageRecord poll(long timeout, TimeUnit unit) throws InterruptedException {
    if (closed) return null;
    UsageRecord r = queue.poll(timeout, unit);
    return r == CLOSED ? null : r;
  }

  /** Records this reader missed because it fell behind. */
  public long dropped() {
    return dropped.get();
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    ledger.leave(this);
    queue.clear();
    queue.offer(CLOSED);
  }
}
