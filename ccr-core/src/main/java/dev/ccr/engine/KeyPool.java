package dev.ccr.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/** A provider's keys, taken in turn; a key that was rate-limited or refused rests for a while. */
public final class KeyPool {
  private final List<String> keys;
  private final AtomicLongArray restUntil;
  private final AtomicInteger next = new AtomicInteger();

  public KeyPool(List<String> keys) {
    this.keys = List.copyOf(keys);
    this.restUntil = new AtomicLongArray(Math.max(1, keys.size()));
  }

  /** The next key not resting, or the one that rests least when all do; null for a provider without keys. */
  public String next() {
    if (keys.isEmpty()) return null;
    long now = System.nanoTime();
    int start = Math.floorMod(next.getAndIncrement(), keys.size());
    int best = start;
    for (int i = 0; i < keys.size(); i++) {
      int k = (start + i) % keys.size();
      if (restUntil.get(k) - now <= 0) return keys.get(k);
      if (restUntil.get(k) < restUntil.get(best)) best = k;
    }
    return keys.get(best);
  }

  /** True when a key other than {@code key} is not resting. */
  public boolean hasAnotherReady(String key) {
    long now = System.nanoTime();
    for (int k = 0; k < keys.size(); k++) {
      if (!keys.get(k).equals(key) && restUntil.get(k) - now <= 0) return true;
    }
    return false;
  }

  public void rest(String key, Duration d) {
    int k = keys.indexOf(key);
    if (k >= 0) restUntil.set(k, System.nanoTime() + d.toNanos());
  }

  public int size() {
    return keys.size();
  }
}
