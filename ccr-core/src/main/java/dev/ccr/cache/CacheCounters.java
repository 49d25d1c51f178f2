package dev.ccr.cache;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a response cache did: hits, misses and the tokens the hits saved. A host keeps one across
 * config reloads (with the store) so the figures cover the process's life, not the last reload.
 */
public final class CacheCounters {
  final AtomicLong hits = new AtomicLong();
  final AtomicLong misses = new AtomicLong();
  final AtomicLong tokensSaved = new AtomicLong();
}
