package dev.ccr.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polls a condition until it holds or a deadline passes: for state that another thread or process
 * makes true. The deadline only ends a wait for something that must happen; it is never the proof
 * that something did not.
 */
public final class Eventually {
  /** Generous on a shared machine: a miss still fails the test, only later. */
  public static final Duration DEADLINE = Duration.ofSeconds(20);

  private Eventually() {}

  public static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within " + DEADLINE + ": " + what);
      Thread.sleep(25);
    }
  }
}
