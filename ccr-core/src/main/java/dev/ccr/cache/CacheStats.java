package dev.ccr.cache;

import dev.ccr.json.JsonObject;

/**
 * What the response cache did since the start: lookups answered from it and not, the bytes it holds
 * (-1 when its store cannot say), and the input and output tokens the hits did not spend upstream.
 */
public record CacheStats(boolean enabled, String strategy, long hits, long misses, long bytes, long tokensSaved) {
  public JsonObject toJson() {
    return JsonObject.builder().put("enabled", enabled).put("strategy", strategy).put("hits", hits)
        .put("misses", misses).put("bytes", bytes).put("tokens_saved", tokensSaved).build();
  }
}
