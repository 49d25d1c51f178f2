package dev.ccr.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** Answers in this process, at most {@code maxBytes} of them, least recently used first out. */
public final class MemoryCacheStore implements CacheStore {
  private volatile long maxBytes;
  private final Supplier<Instant> clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  private record Entry(byte[] value, Instant expires) {}

  public MemoryCacheStore(long maxBytes, Supplier<Instant> clock) {
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  @Override
  public byte[] get(String key) {
    lock.lock();
    try {
      Entry e = entries.get(key);
      if (e == null) return null;
      if (!e.expires.isAfter(clock.get())) {
        entries.remove(key);
        bytes -= e.value.length;
        return null;
      }
      return e.value;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void put(String key, byte[] value, Duration ttl) {
    if (value.length > maxBytes) return; // would push out everything else and still not fit
    lock.lock();
    try {
      Entry old = entries.put(key, new Entry(value, clock.get().plus(ttl)));
      if (old != null) bytes -= old.value.length;
      bytes += value.length;
      trim();
    } finally {
      lock.unlock();
    }
  }

  /** Holds at most {@code maxBytes} from now on, least recently used out: a reloaded config's bound. */
  public void bound(long maxBytes) {
    lock.lock();
    try {
      this.maxBytes = maxBytes;
      trim();
    } finally {
      lock.unlock();
    }
  }

  private void trim() {
    for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); bytes > maxBytes && it.hasNext(); ) {
      bytes -= it.next().getValue().value.length;
      it.remove();
    }
  }

  @Override
  public long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }
}
