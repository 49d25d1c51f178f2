package dev.ccr.engine;

import dev.ccr.state.LocalStateStore;
import dev.ccr.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider's keys, taken in turn; a key that was rate-limited or refused rests for a while. Rests
 * live in the {@link StateStore}, so instances sharing one pass over a key any of them saw limited.
 */
final class KeyPool {
  private final List<String> keys;
  private final List<String> ids;
  private final AtomicInteger next = new AtomicInteger();
  private final Clock clock;
  private final StateStore state;

  KeyPool(List<String> keys, Clock clock) {
    this("", keys, clock, new LocalStateStore(clock::now));
  }

  KeyPool(String provider, List<String> keys, Clock clock, StateStore state) {
    this.keys = List.copyOf(keys);
    this.ids = this.keys.stream().map(k -> StateStore.keyId(provider, k)).toList();
    this.clock = clock;
    this.state = state;
  }

  /** The next key not resting, or the one that rests least when all do; null for a provider without keys. */
  String next() {
    if (keys.isEmpty()) return null;
    Instant now = clock.now();
    int start = Math.floorMod(next.getAndIncrement(), keys.size());
    int best = start;
    Instant bestUntil = null;
    for (int i = 0; i < keys.size(); i++) {
      int k = (start + i) % keys.size();
      Instant until = restsUntil(k, now);
      if (until == null) return keys.get(k);
      if (bestUntil == null || until.isBefore(bestUntil)) {
        best = k;
        bestUntil = until;
      }
    }
    return keys.get(best);
  }

  /** True when a key other than {@code key} is not resting. */
  boolean hasAnotherReady(String key) {
    Instant now = clock.now();
    for (int k = 0; k < keys.size(); k++) {
      if (!keys.get(k).equals(key) && restsUntil(k, now) == null) return true;
    }
    return false;
  }

  void rest(String key, Duration d) {
    int k = keys.indexOf(key);
    if (k >= 0) state.restKey(ids.get(k), clock.now().plus(d));
  }

  private Instant restsUntil(int k, Instant now) {
    Instant until = state.keyRestsUntil(ids.get(k));
    return until != null && until.isAfter(now) ? until : null;
  }

  int size() {
    return keys.size();
  }
}
