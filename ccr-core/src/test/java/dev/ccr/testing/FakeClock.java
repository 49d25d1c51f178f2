package dev.ccr.testing;

import dev.ccr.engine.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to or when the engine waits; it records every wait. */
public final class FakeClock implements Clock {
  private final AtomicLong nanos = new AtomicLong(TimeUnit.DAYS.toNanos(1)); // any start: only differences count
  private final List<Long> sleeps = new CopyOnWriteArrayList<>();

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
