package dev.ccr.engine;

/**
 * Time as the engine sees it: now, for circuit and key rest deadlines, and a wait between tries.
 * Tests pass a fake that moves on when asked, so no test waits for real time to pass.
 */
public interface Clock {
  /** Like {@link System#nanoTime()}: only differences mean anything. */
  long nanoTime();

  /** The wall-clock time, which usage records carry and budgets count days and months by. */
  default java.time.Instant now() {
    return java.time.Instant.now();
  }

  /** Waits {@code millis} before the next try. */
  void sleep(long millis) throws InterruptedException;

  /** The JVM's clock and {@link Thread#sleep}. */
  Clock SYSTEM = new Clock() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(long millis) throws InterruptedException {
      Thread.sleep(millis);
    }
  };
}
