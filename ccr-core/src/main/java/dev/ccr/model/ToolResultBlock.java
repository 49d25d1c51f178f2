package dev.ccr.model;

import dev.ccr.json.JsonObject;
import java.util.Objects;

/**
 * {@code {"type":"tool_result"}}: what a tool returned. {@code content} (string or blocks) and
 * {@code isError} are null when absent.
 */
public record ToolResultBlock(String toolUseId, Content content, Boolean isError, JsonObject extra)
    implements ContentBlock {
  public ToolResultBlock {
    Objects.requireNonNull(toolUseId, "toolUseId");
    extra = Extra.orEmpty(extra);
  }

  public boolean error() {
    return Boolean.TRUE.equals(isError);
  }

  @Override
  public String type() {
    return "tool_result";
  }
}
