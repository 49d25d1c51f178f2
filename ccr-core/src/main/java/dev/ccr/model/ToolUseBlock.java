package dev.ccr.model;

import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.util.Objects;

/** {@code {"type":"tool_use"}}: the model calls a tool; {@code input} is kept as sent. */
public record ToolUseBlock(String id, String name, JsonValue input, JsonObject extra) implements ContentBlock {
  public ToolUseBlock {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    input = input == null ? JsonObject.of() : input;
    extra = Extra.orEmpty(extra);
  }

  @Override
  public String type() {
    return "tool_use";
  }
}
