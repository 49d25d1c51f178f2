package dev.ccr.cache;

import dev.ccr.json.JsonObject;

/**
 * What the response cache did since the start: lookups answered from it (by the same request, or
 * by a similar last user turn) and not, the bytes it holds (-1 when its store cannot say), the input
 * and output tokens the hits did not spend upstream, and the semantic cache's embeddings calls and
 * failures (a failed call leaves its request uncached).
 */
public record CacheStats(boolean enabled, String strategy, long hits, long misses, long bytes, long tokensSaved,
    long semanticHits, long embeddingCalls, long embeddingFailures) {
  /** Hits on the same request. */
  public long exactHits() {
    return hits - semanticHits;
  }

  public JsonObject toJson() {
    return JsonObject.builder().put("enabled", enabled).put("strategy", strategy).put("hits", hits)
        .put("exact_hits", exactHits()).put("semantic_hits", semanticHits)
        .put("misses", misses).put("bytes", bytes).put("tokens_saved", tokensSaved)
        .put("embedding_calls", embeddingCalls).put("embedding_failures", embeddingFailures).build();
  }
}
