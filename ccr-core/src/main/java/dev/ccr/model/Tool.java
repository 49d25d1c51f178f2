package dev.ccr.model;

import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.util.Objects;

/**
 * A tool the model may call. Custom tools have a {@code name}, {@code description} and {@code
 * inputSchema} and no type (or {@code "custom"}); server tools such as {@code web_search_20250305}
 * have a {@code type}. Everything else ({@code cache_control}, {@code defer_loading}, {@code
 * max_uses}, ...) is in {@code extra}.
 */
public record Tool(String type, String name, String description, JsonValue inputSchema, JsonObject extra) {
  public Tool {
    extra = Extra.orEmpty(extra);
  }

  public static Tool custom(String name, String description, JsonValue inputSchema) {
    return new Tool(null, Objects.requireNonNull(name, "name"), description, inputSchema, JsonObject.of());
  }

  /** True for a tool the provider runs itself, such as {@code web_search_20250305}. */
  public boolean isServerTool() {
    return type != null && !type.equals("custom");
  }

  /** True for Anthropic's web search server tool, in any version. */
  public boolean isWebSearch() {
    return type != null && type.startsWith("web_search");
  }
}
