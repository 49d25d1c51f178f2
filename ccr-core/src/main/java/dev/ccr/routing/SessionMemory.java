package dev.ccr.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** The last input size of each recent session, for the long-context rule; bounded, least recently used first out. */
public final class SessionMemory {
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<String, Integer> lastInput;

  public SessionMemory(int capacity) {
    this.capacity = capacity;
    this.lastInput = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
        return size() > SessionMemory.this.capacity;
      }
    };
  }

  /** Input tokens of the session's last turn, or 0 when unknown. */
  public int lastInputTokens(String sessionId) {
    if (sessionId == null) return 0;
    lock.lock();
    try {
      Integer v = lastInput.get(sessionId);
      return v == null ? 0 : v;
    } finally {
      lock.unlock();
    }
  }

  public void record(String sessionId, int inputTokens) {
    if (sessionId == null || inputTokens <= 0) return;
    lock.lock();
    try {
      lastInput.put(sessionId, inputTokens);
    } finally {
      lock.unlock();
    }
  }

  public int size() {
    lock.lock();
    try {
      return lastInput.size();
    } finally {
      lock.unlock();
    }
  }
}
