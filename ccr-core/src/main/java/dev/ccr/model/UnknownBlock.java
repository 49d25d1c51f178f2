package dev.ccr.model;

import dev.ccr.json.JsonObject;
import java.util.Objects;

/** A block type ccr does not model; {@code raw} is the whole block, {@code type} included. */
public record UnknownBlock(String type, JsonObject raw) implements ContentBlock {
  public UnknownBlock {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(raw, "raw");
  }

  @Override
  public JsonObject extra() {
    return raw;
  }
}
