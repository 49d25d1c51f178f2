package dev.ccr.model;

import dev.ccr.json.JsonObject;
import java.util.Objects;

/** {@code {"type":"thinking"}}; {@code signature} is null when absent. */
public record ThinkingBlock(String thinking, String signature, JsonObject extra) implements ContentBlock {
  public ThinkingBlock {
    Objects.requireNonNull(thinking, "thinking");
    extra = Extra.orEmpty(extra);
  }

  @Override
  public String type() {
    return "thinking";
  }
}
