package dev.ccr.transformers.openai;

import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.model.Tool;
import dev.ccr.model.ToolChoice;
import java.util.List;
import java.util.function.Function;

/**
 * Anthropic tools as OpenAI functions, in what both OpenAI request formats share: the function's
 * members, and the {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} members of the
 * body. They differ only in where a function's members sit and how a named choice is written.
 */
public final class FunctionTools {
  private FunctionTools() {}

  /** {@code name}, {@code description} when given, and {@code parameters} (an empty object schema when none). */
  public static JsonObject.Builder function(Tool t) {
    JsonObject.Builder f = JsonObject.builder().put("name", t.name());
    if (t.description() != null) f.put("description", t.description());
    return f.put("parameters", t.inputSchema() != null ? t.inputSchema()
        : JsonObject.builder().put("type", "object").put("properties", JsonObject.of()).build());
  }

  /**
   * {@code tools} and, when there are any, the choice: {@code auto}, {@code required} for Anthropic's
   * {@code any}, {@code none}, or {@code named} for one tool; {@code parallel_tool_calls: false} when
   * parallel use is off.
   */
  public static void put(JsonObject.Builder body, List<JsonValue> tools, ToolChoice choice,
      Function<String, JsonValue> named) {
    if (tools.isEmpty()) return;
    body.put("tools", dev.ccr.json.JsonArray.of(tools));
    if (choice == null) return;
    JsonValue c = switch (choice.type()) {
      case "auto" -> JsonString.of("auto");
      case "any" -> JsonString.of("required");
      case "none" -> JsonString.of("none");
      case "tool" -> named.apply(choice.name());
      default -> null;
    };
    if (c != null) body.put("tool_choice", c);
    if (Boolean.TRUE.equals(choice.disableParallelToolUse())) body.put("parallel_tool_calls", false);
  }
}
