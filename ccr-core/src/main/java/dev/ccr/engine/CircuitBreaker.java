package dev.ccr.engine;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Per provider and model: after enough consecutive failures it opens, and callers skip it until
 * the open time has passed; then one probe goes through, and its result closes or reopens it.
 */
final class CircuitBreaker {
  private final int threshold;
  private final long openNanos;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private int failures;
  private long openUntil;
  private boolean probing;

  CircuitBreaker(int threshold, long openMillis, Clock clock) {
    this.threshold = threshold;
    this.openNanos = openMillis * 1_000_000L;
    this.clock = clock;
  }

  /** True when a call may go through now (closed, or the one probe of a half-open circuit). */
  boolean allow() {
    lock.lock();
    try {
      if (failures < threshold) return true;
      if (clock.nanoTime() - openUntil < 0 || probing) return false;
      probing = true;
      return true;
    } finally {
      lock.unlock();
    }
  }

  void success() {
    lock.lock();
    try {
      failures = 0;
      probing = false;
    } finally {
      lock.unlock();
    }
  }

  void failure() {
    lock.lock();
    try {
      failures++;
      probing = false;
      if (failures >= threshold) openUntil = clock.nanoTime() + openNanos;
    } finally {
      lock.unlock();
    }
  }

  boolean isOpen() {
    lock.lock();
    try {
      return failures >= threshold && clock.nanoTime() - openUntil < 0;
    } finally {
      lock.unlock();
    }
  }
}
