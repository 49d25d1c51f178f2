package dev.ccr.state;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * State kept in this process: ccr's default, and what a shared store falls back to when it cannot
 * reach its server. Sessions are bounded (least recently used first out) and forgotten after their
 * time to live.
 */
public final class LocalStateStore implements StateStore {
  /** How long a session's last turn counts when nothing else is said. */
  public static final Duration SESSION_TTL = Duration.ofHours(24);

  private final Supplier<Instant> clock;
  private final Duration sessionTtl;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<String, Turn> sessions;
  private final Map<String, Instant> restingKeys = new ConcurrentHashMap<>();
  private final Map<String, Instant> openCircuits = new ConcurrentHashMap<>();
  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private volatile Map<String, UsageCounts> usage = Map.of();

  private record Turn(int tokens, Instant at) {}

  private record Window(long index, long used) {}

  /** A store whose deadlines and session ages are judged by {@code clock} (the engine clock's {@code now}). */
  public LocalStateStore(Supplier<Instant> clock) {
    this(clock, 10_000, SESSION_TTL);
  }

  public LocalStateStore(Supplier<Instant> clock, int sessionCapacity, Duration sessionTtl) {
    this.clock = clock;
    this.sessionTtl = sessionTtl;
    this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Turn> eldest) {
        return size() > sessionCapacity;
      }
    };
  }

  @Override
  public int lastInput(String sessionId) {
    if (sessionId == null) return 0;
    lock.lock();
    try {
      Turn t = sessions.get(sessionId);
      if (t == null) return 0;
      if (t.at.plus(sessionTtl).isBefore(clock.get())) {
        sessions.remove(sessionId);
        return 0;
      }
      return t.tokens;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void recordInput(String sessionId, int inputTokens) {
    if (sessionId == null || inputTokens <= 0) return;
    lock.lock();
    try {
      sessions.put(sessionId, new Turn(inputTokens, clock.get()));
    } finally {
      lock.unlock();
    }
  }

  /** Sessions remembered now. */
  public int sessions() {
    lock.lock();
    try {
      return sessions.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Instant keyRestsUntil(String keyId) {
    return current(restingKeys, keyId);
  }

  @Override
  public void restKey(String keyId, Instant until) {
    restingKeys.merge(keyId, until, (a, b) -> a.isAfter(b) ? a : b);
  }

  @Override
  public Instant circuitOpenUntil(String target) {
    return openCircuits.get(target);
  }

  @Override
  public void openCircuit(String target, Instant until) {
    openCircuits.put(target, until);
  }

  @Override
  public void closeCircuit(String target) {
    openCircuits.remove(target);
  }

  /** The deadline under {@code id}, dropped once it has passed. */
  private Instant current(Map<String, Instant> map, String id) {
    Instant until = map.get(id);
    if (until != null && !until.isAfter(clock.get())) {
      map.remove(id, until);
      return null;
    }
    return until;
  }

  @Override
  public void publishUsage(Map<String, UsageCounts> mine) {
    usage = Map.copyOf(mine);
  }

  @Override
  public Map<String, UsageCounts> combinedUsage() {
    return usage;
  }

  @Override
  public long take(List<Charge> charges, long windowMillis, Instant now) {
    long index = now.toEpochMilli() / windowMillis;
    lock.lock(); // all or none over several buckets
    try {
      for (Charge c : charges) {
        if (used(c.bucket(), index) >= c.limit()) return (index + 1) * windowMillis - now.toEpochMilli();
      }
      for (Charge c : charges) windows.put(c.bucket(), new Window(index, used(c.bucket(), index) + c.amount()));
      if (windows.size() > 100_000) windows.values().removeIf(w -> w.index < index); // old windows of idle buckets
      return 0;
    } finally {
      lock.unlock();
    }
  }

  private long used(String bucket, long index) {
    Window w = windows.get(bucket);
    return w == null || w.index != index ? 0 : w.used;
  }

  @Override
  public boolean shared() {
    return false;
  }

  @Override
  public void close() {}
}
