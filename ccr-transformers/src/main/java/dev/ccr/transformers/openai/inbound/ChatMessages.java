package dev.ccr.transformers.openai.inbound;

import static dev.ccr.transformers.openai.inbound.ChatRequestReader.array;
import static dev.ccr.transformers.openai.inbound.ChatRequestReader.invalid;
import static dev.ccr.transformers.openai.inbound.ChatRequestReader.object;
import static dev.ccr.transformers.openai.inbound.ChatRequestReader.present;
import static dev.ccr.transformers.openai.inbound.ChatRequestReader.string;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNull;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.model.Content;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.Message;
import dev.ccr.model.TextBlock;
import dev.ccr.model.ToolResultBlock;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.transformers.openai.ChatWire;
import java.util.ArrayList;
import java.util.List;

/**
 * Chat Completions {@code messages} as Anthropic turns: system and developer messages join the
 * system prompt, assistant {@code tool_calls} become {@code tool_use} blocks (arguments that are
 * not JSON kept whole), and {@code tool} messages {@code tool_result} blocks of the user turn.
 */
final class ChatMessages {
  private ChatMessages() {}

  static List<Message> read(JsonValue v, List<ContentBlock> system) {
    if (v == null || v instanceof JsonNull) throw invalid("messages", "Field required");
    JsonArray list = array("messages", v);
    if (list.isEmpty()) throw invalid("messages", "must contain at least one message");
    List<Message> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String p = "messages[" + i + "]";
      JsonObject m = object(p, list.get(i));
      JsonValue role = m.get("role");
      if (role == null) throw invalid(p + ".role", "Field required");
      switch (string(p + ".role", role)) {
        case "system":
        case "developer":
          // Anthropic has one system prompt: every system or developer message joins it, in order.
          system.addAll(textBlocks(p + ".content", m.get("content"), true));
          break;
        case "user":
          append(out, Message.USER, userContent(p + ".content", m.get("content")));
          break;
        case "assistant":
          List<ContentBlock> blocks = assistant(p, m);
          if (!blocks.isEmpty()) append(out, Message.ASSISTANT, blocks);
          break;
        case "tool":
          append(out, Message.USER, List.of(toolResult(p, m)));
          break;
        case "function":
          throw invalid(p + ".role", "the deprecated \"function\" role is not supported; use tools and \"tool\" messages");
        default:
          throw invalid(p + ".role", "must be one of system, developer, user, assistant or tool");
      }
    }
    if (out.isEmpty()) throw invalid("messages", "must contain at least one user or assistant message");
    return out;
  }

  /**
   * Adds blocks as a turn of {@code role}, joining the previous turn when it has the same role:
   * several {@code tool} messages and the user message after them are one Anthropic user turn.
   */
  private static void append(List<Message> out, String role, List<ContentBlock> blocks) {
    if (!out.isEmpty() && out.get(out.size() - 1).role().equals(role)) {
      Message last = out.remove(out.size() - 1);
      List<ContentBlock> joined = new ArrayList<>(last.content().blocks());
      joined.addAll(blocks);
      out.add(last.withContent(Content.of(joined)));
    } else {
      out.add(new Message(role, Content.of(blocks), JsonObject.of()));
    }
  }

  private static List<ContentBlock> userContent(String path, JsonValue content) {
    if (content instanceof JsonString s) return List.of(TextBlock.of(s.value()));
    if (content == null || content instanceof JsonNull) throw invalid(path, "Field required");
    JsonArray parts = array(path, content);
    List<ContentBlock> out = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) out.add(ContentParts.user(path + "[" + i + "]", object(path + "[" + i + "]", parts.get(i))));
    if (out.isEmpty()) throw invalid(path, "must not be empty");
    return out;
  }

  /** Text content: a string or text parts ({@code refusal} parts too, on assistant messages). */
  private static List<ContentBlock> textBlocks(String path, JsonValue content, boolean required) {
    if (content instanceof JsonString s) return s.value().isEmpty() ? List.of() : List.of(TextBlock.of(s.value()));
    if (content == null || content instanceof JsonNull) {
      if (required) throw invalid(path, "Field required");
      return List.of();
    }
    JsonArray parts = array(path, content);
    List<ContentBlock> out = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      String p = path + "[" + i + "]";
      String text = ContentParts.text(p, object(p, parts.get(i)));
      if (!text.isEmpty()) out.add(TextBlock.of(text));
    }
    return out;
  }

  private static List<ContentBlock> assistant(String path, JsonObject m) {
    List<ContentBlock> blocks = new ArrayList<>(textBlocks(path + ".content", m.get("content"), false));
    JsonValue refusal = present(m, "refusal");
    if (refusal != null && blocks.isEmpty()) blocks.add(TextBlock.of(string(path + ".refusal", refusal)));
    if (present(m, "function_call") != null) {
      throw invalid(path + ".function_call", "the deprecated function_call is not supported; use tool_calls");
    }
    JsonValue calls = present(m, "tool_calls");
    if (calls == null) return blocks;
    JsonArray list = array(path + ".tool_calls", calls);
    for (int i = 0; i < list.size(); i++) {
      String p = path + ".tool_calls[" + i + "]";
      JsonObject call = object(p, list.get(i));
      String type = call.getString("type");
      if (type != null && !type.equals("function")) throw invalid(p + ".type", "only \"function\" tool calls are supported");
      JsonValue id = call.get("id");
      if (id == null) throw invalid(p + ".id", "Field required");
      JsonValue fn = call.get("function");
      if (fn == null) throw invalid(p + ".function", "Field required");
      JsonObject f = object(p + ".function", fn);
      JsonValue name = f.get("name");
      if (name == null) throw invalid(p + ".function.name", "Field required");
      JsonValue args = present(f, "arguments");
      String text = args == null ? "" : string(p + ".function.arguments", args);
      blocks.add(new ToolUseBlock(string(p + ".id", id), string(p + ".function.name", name), ChatWire.arguments(text),
          JsonObject.of()));
    }
    return blocks;
  }

  private static ContentBlock toolResult(String path, JsonObject m) {
    JsonValue id = m.get("tool_call_id");
    if (id == null) throw invalid(path + ".tool_call_id", "Field required");
    JsonValue content = m.get("content");
    Content result;
    if (content instanceof JsonString s) {
      result = Content.of(s.value());
    } else {
      List<ContentBlock> text = textBlocks(path + ".content", content, true);
      result = Content.of(text);
    }
    return new ToolResultBlock(string(path + ".tool_call_id", id), result, null, JsonObject.of());
  }
}
