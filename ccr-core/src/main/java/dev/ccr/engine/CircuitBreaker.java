package dev.ccr.engine;

import dev.ccr.state.LocalStateStore;
import dev.ccr.state.StateStore;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per provider and model: after enough consecutive failures it opens, and callers skip it until
 * the open time has passed; then one probe goes through, and its result closes or reopens it. The
 * open deadline lives in the {@link StateStore}, so a circuit one instance opened is open for all
 * instances sharing it; failures are counted per instance.
 */
final class CircuitBreaker {
  private final String target;
  private final int threshold;
  private final long openMillis;
  private final Clock clock;
  private final StateStore state;
  private final ReentrantLock lock = new ReentrantLock();
  private int failures;
  private boolean probing;

  CircuitBreaker(int threshold, long openMillis, Clock clock) {
    this("", threshold, openMillis, clock, new LocalStateStore(clock::now));
  }

  CircuitBreaker(String target, int threshold, long openMillis, Clock clock, StateStore state) {
    this.target = target;
    this.threshold = threshold;
    this.openMillis = openMillis;
    this.clock = clock;
    this.state = state;
  }

  /** True when a call may go through now (closed, or the one probe of a half-open circuit). */
  boolean allow() {
    Instant until = state.circuitOpenUntil(target);
    lock.lock();
    try {
      if (until == null && failures < threshold) return true;
      if (until != null && until.isAfter(clock.now()) || probing) return false;
      probing = true;
      return true;
    } finally {
      lock.unlock();
    }
  }

  void success() {
    boolean wasOpen;
    lock.lock();
    try {
      wasOpen = failures >= threshold || probing;
      failures = 0;
      probing = false;
    } finally {
      lock.unlock();
    }
    if (wasOpen || state.circuitOpenUntil(target) != null) state.closeCircuit(target);
  }

  void failure() {
    boolean open;
    lock.lock();
    try {
      failures++;
      probing = false;
      open = failures >= threshold;
    } finally {
      lock.unlock();
    }
    if (open) state.openCircuit(target, clock.now().plusMillis(openMillis));
  }

  boolean isOpen() {
    Instant until = state.circuitOpenUntil(target);
    return until != null && until.isAfter(clock.now());
  }
}
