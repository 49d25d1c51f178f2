package dev.ccr.model;

import dev.ccr.json.JsonObject;

/** Request metadata; {@code userId} is null when absent. */
public record Metadata(String userId, JsonObject extra) {
  public Metadata {
    extra = Extra.orEmpty(extra);
  }
}
