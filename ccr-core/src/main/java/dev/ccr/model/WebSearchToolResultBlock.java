package dev.ccr.model;

import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.util.Objects;

/** {@code {"type":"web_search_tool_result"}}; {@code content} (results or an error) is kept as sent. */
public record WebSearchToolResultBlock(String toolUseId, JsonValue content, JsonObject extra)
    implements ContentBlock {
  public WebSearchToolResultBlock {
    Objects.requireNonNull(toolUseId, "toolUseId");
    Objects.requireNonNull(content, "content");
    extra = Extra.orEmpty(extra);
  }

  @Override
  public String type() {
    return "web_search_tool_result";
  }
}
