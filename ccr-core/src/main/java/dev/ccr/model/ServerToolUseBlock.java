package dev.ccr.model;

import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.util.Objects;

/** {@code {"type":"server_tool_use"}}: a tool the server ran, such as web search. */
public record ServerToolUseBlock(String id, String name, JsonValue input, JsonObject extra)
    implements ContentBlock {
  public ServerToolUseBlock {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    input = input == null ? JsonObject.of() : input;
    extra = Extra.orEmpty(extra);
  }

  @Override
  public String type() {
    return "server_tool_use";
  }
}
