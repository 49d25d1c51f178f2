package dev.ccr.testing;

import dev.ccr.engine.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to or when the engine waits; it records every wait. */
public final class FakeClock implements Clock {
  private static final long START = TimeUnit.DAYS.toNanos(1);
  private final AtomicLong nanos = new AtomicLong(START); // any start: only differences count
  private final java.time.Instant wallStart;
  private final List<Long> sleeps = new CopyOnWriteArrayList<>();

  /** A clock whose wall time starts at 2026-01-01T00:00:00Z. */
  public FakeClock() {
    this(java.time.Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** A clock whose wall time starts at {@code wallStart} and moves with {@link #advance}. */
  public FakeClock(java.time.Instant wallStart) {
    this.wallStart = wallStart;
  }

  @Override
  public java.time.Instant now() {
    return wallStart.plusNanos(nanos.get() - START);
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  /** Records the wait and moves time on by it, at once. */
  @Override
  public void sleep(long millis) {
    sleeps.add(millis);
    advance(millis);
  }

  public void advance(long millis) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  /** Every wait asked for so far, in milliseconds, in order. */
  public List<Long> sleeps() {
    return List.copyOf(sleeps);
  }
}
