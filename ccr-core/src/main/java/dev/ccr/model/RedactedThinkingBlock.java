package dev.ccr.model;

import dev.ccr.json.JsonObject;
import java.util.Objects;

/** {@code {"type":"redacted_thinking"}}: encrypted reasoning to send back as is. */
public record RedactedThinkingBlock(String data, JsonObject extra) implements ContentBlock {
  public RedactedThinkingBlock {
    Objects.requireNonNull(data, "data");
    extra = Extra.orEmpty(extra);
  }

  @Override
  public String type() {
    return "redacted_thinking";
  }
}
