package dev.ccr.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/** A provider's keys, taken in turn; a key that was rate-limited or refused rests for a while. */
final class KeyPool {
  private final List<String> keys;
  private final AtomicLongArray restUntil;
  private final AtomicInteger next = new AtomicInteger();
  private final Clock clock;

  KeyPool(List<String> keys, Clock clock) {
    this.keys = List.copyOf(keys);
    this.clock = clock;
    this.restUntil = new AtomicLongArray(Math.max(1, keys.size()));
  }

  /** The next key not resting, or the one that rests least when all do; null for a provider without keys. */
  String next() {
    if (keys.isEmpty()) return null;
    long now = clock.nanoTime();
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
  boolean hasAnotherReady(String key) {
    long now = clock.nanoTime();
    for (int k = 0; k < keys.size(); k++) {
      if (!keys.get(k).equals(key) && restUntil.get(k) - now <= 0) return true;
    }
    return false;
  }

  void rest(String key, Duration d) {
    int k = keys.indexOf(key);
    if (k >= 0) restUntil.set(k, clock.nanoTime() + d.toNanos());
  }

  int size() {
    return keys.size();
  }
}
