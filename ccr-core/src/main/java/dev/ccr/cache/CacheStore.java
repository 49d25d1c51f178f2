package dev.ccr.cache;

import java.time.Duration;

/**
 * Where cached answers are kept: {@link MemoryCacheStore} in this process, or a shared one (Redis
 * in ccr-server when {@code STATE.redis} is set). A store may drop an entry whenever it likes.
 */
public interface CacheStore {
  /** The value under {@code key}, or null when there is none (or it has expired). */
  byte[] get(String key);

  /** Keeps {@code value} under {@code key} for {@code ttl}; returns without waiting on a remote store. */
  void put(String key, byte[] value, Duration ttl);

  /** Bytes held now, or -1 when the store cannot say cheaply. */
  long bytes();
}
