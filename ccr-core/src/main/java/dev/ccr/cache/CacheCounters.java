package dev.ccr.cache;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a response cache did: hits (and of them, the semantic ones), misses, the tokens the hits
 * saved, and the semantic cache's embeddings calls and how many failed. A host keeps one across
 * config reloads (with the store) so the figures cover the process's life, not the last reload.
 */
public final class CacheCounters {
  final AtomicLong hits = new AtomicLong();
  final AtomicLong misses = new AtomicLong();
  final AtomicLong tokensSaved = new AtomicLong();
  final AtomicLong semanticHits = new AtomicLong();
  final AtomicLong embeddingCalls = new AtomicLong();
  final AtomicLong embeddingFailures = new AtomicLong();
}
