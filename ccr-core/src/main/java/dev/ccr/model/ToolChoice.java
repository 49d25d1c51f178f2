package dev.ccr.model;

import dev.ccr.json.JsonObject;
import java.util.Objects;

/** {@code auto}, {@code any}, {@code tool} (with {@code name}) or {@code none}. */
public record ToolChoice(String type, String name, Boolean disableParallelToolUse, JsonObject extra) {
  public ToolChoice {
    Objects.requireNonNull(type, "type");
    extra = Extra.orEmpty(extra);
  }

  public static ToolChoice auto() {
    return new ToolChoice("auto", null, null, JsonObject.of());
  }

  public static ToolChoice any() {
    return new ToolChoice("any", null, null, JsonObject.of());
  }

  public static ToolChoice none() {
    return new ToolChoice("none", null, null, JsonObject.of());
  }

  public static ToolChoice tool(String name) {
    return new ToolChoice("tool", Objects.requireNonNull(name, "name"), null, JsonObject.of());
  }
}
