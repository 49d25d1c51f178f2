package dev.ccr.model;

import dev.ccr.InvalidRequestException;
import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonParseException;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/** Reads the Anthropic wire format from JSON trees; see {@link AnthropicJson}. */
final class AnthropicReader {
  private AnthropicReader() {}

  /** Parses JSON text; bad JSON is the client's error. */
  static JsonValue parse(String json) {
    try {
      return Json.parse(json);
    } catch (JsonParseException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  /** A request from a parsed JSON tree. */
  /** An error body {@code {"type":"error","error":{...}}}, or a bare error object. */
  static ApiError error(JsonValue tree) {
    JsonObject o = asObject(tree, "");
    JsonObject inner = o.getObject("error");
    return apiError(inner != null ? inner : o, inner != null ? "error" : "");
  }

  static MessagesRequest request(JsonValue tree) {
    Fields f = new Fields(asObject(tree, ""), "");
    String model = f.string("model");
    JsonArray messages = f.array("messages");
    List<Message> messageList = new ArrayList<>(messages == null ? 0 : messages.size());
    if (messages != null) {
      for (int i = 0; i < messages.size(); i++) {
        messageList.add(message(asObject(messages.get(i), "messages." + i), "messages." + i));
      }
    }
    JsonValue system = f.any("system");
    Integer maxTokens = f.integer("max_tokens");
    JsonArray stop = f.array("stop_sequences");
    Double temperature = f.number("temperature");
    Double topP = f.number("top_p");
    Integer topK = f.integer("top_k");
    Boolean stream = f.bool("stream");
    JsonObject metadata = f.object("metadata");
    JsonArray tools = f.array("tools");
    JsonObject toolChoice = f.object("tool_choice");
    JsonObject thinking = f.object("thinking");
    return new MessagesRequest(
        model,
        messageList,
        system == null ? null : content(system, "system"),
        maxTokens,
        stop == null ? null : strings(stop, "stop_sequences"),
        temperature,
        topP,
        topK,
        stream,
        metadata == null ? null : metadata(metadata),
        tools == null ? null : tools(tools),
        toolChoice == null ? null : toolChoice(toolChoice),
        thinking == null ? null : thinking(thinking),
        f.extra());
  }

  /** A response from a parsed JSON tree. */
  static MessagesResponse response(JsonValue tree) {
    Fields f = new Fields(asObject(tree, ""), "");
    f.string("type");
    String id = f.requiredString("id");
    String role = f.string("role");
    String model = f.string("model");
    JsonArray content = f.array("content");
    String stopReason = f.string("stop_reason");
    String stopSequence = f.string("stop_sequence");
    JsonObject usage = f.object("usage");
    return new MessagesResponse(
        id, role, model,
        content == null ? List.of() : blocks(content, "content"),
        stopReason, stopSequence,
        usage == null ? null : usage(usage, "usage"),
        f.extra());
  }

  /** A stream event from its parsed JSON data. */
  static StreamEvent event(JsonValue tree) {
    JsonObject o = asObject(tree, "");
    Fields f = new Fields(o, "");
    String type = f.requiredString("type");
    switch (type) {
      case "message_start":
        return new StreamEvent.MessageStart(response(required(f.object("message"), f, "message")), f.extra());
      case "content_block_start": {
        int index = required(f.integer("index"), f, "index");
        ContentBlock block = block(required(f.object("content_block"), f, "content_block"), "content_block");
        return new StreamEvent.ContentBlockStart(index, block, f.extra());
      }
      case "content_block_delta": {
        int index = required(f.integer("index"), f, "index");
        Delta delta = delta(required(f.object("delta"), f, "delta"));
        return new StreamEvent.ContentBlockDelta(index, delta, f.extra());
      }
      case "content_block_stop":
        return new StreamEvent.ContentBlockStop(required(f.integer("index"), f, "index"), f.extra());
      case "message_delta": {
        JsonObject d = f.object("delta");
        JsonObject u = f.object("usage");
        Fields df = new Fields(d == null ? JsonObject.of() : d, "delta");
        String stopReason = df.string("stop_reason");
        String stopSequence = df.string("stop_sequence");
        return new StreamEvent.MessageDelta(
            stopReason, stopSequence, df.extra(), u == null ? null : usage(u, "usage"), f.extra());
      }
      case "message_stop":
        return new StreamEvent.MessageStop(f.extra());
      case "ping":
        return new StreamEvent.Ping(f.extra());
      case "error":
        return new StreamEvent.Error(apiError(required(f.object("error"), f, "error"), "error"), f.extra());
      default:
        return new StreamEvent.Unknown(type, o);
    }
  }

  private static <T> T required(T value, Fields f, String name) {
    if (value == null) throw f.invalid(name, "Field required");
    return value;
  }

  private static JsonObject asObject(JsonValue v, String path) {
    if (v instanceof JsonObject o) return o;
    throw new InvalidRequestException((path.isEmpty() ? "body" : path) + ": Input should be a valid object");
  }

  private static List<String> strings(JsonArray a, String path) {
    List<String> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      String s = a.get(i).asString();
      if (s == null) throw new InvalidRequestException(path + "." + i + ": Input should be a valid string");
      out.add(s);
    }
    return out;
  }

  private static Message message(JsonObject o, String path) {
    Fields f = new Fields(o, path);
    String role = f.requiredString("role");
    JsonValue content = f.any("content");
    if (content == null) throw f.invalid("content", "Field required");
    return new Message(role, content(content, f.path("content")), f.extra());
  }

  /** String or block-array content. */
  private static Content content(JsonValue v, String path) {
    if (v instanceof JsonString s) return new Content.Text(s.value());
    if (v instanceof JsonArray a) return new Content.Blocks(blocks(a, path));
    throw new InvalidRequestException(path + ": Input should be a valid string or a list of content blocks");
  }

  private static List<ContentBlock> blocks(JsonArray a, String path) {
    List<ContentBlock> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      String p = path + "." + i;
      out.add(block(asObject(a.get(i), p), p));
    }
    return out;
  }

  /** One content block; a type ccr does not model becomes an {@link UnknownBlock}. */
  static ContentBlock block(JsonObject o, String path) {
    Fields f = new Fields(o, path);
    String type = f.requiredString("type");
    switch (type) {
      case "text": {
        String text = f.requiredString("text");
        JsonArray citations = f.array("citations");
        return new TextBlock(text, citations, f.extra());
      }
      case "image": {
        JsonObject source = required(f.object("source"), f, "source");
        return new ImageBlock(imageSource(source, f.path("source")), f.extra());
      }
      case "document": {
        JsonObject source = required(f.object("source"), f, "source");
        String title = f.string("title");
        String context = f.string("context");
        return new DocumentBlock(source, title, context, f.extra());
      }
      case "tool_use": {
        String id = f.requiredString("id");
        String name = f.requiredString("name");
        JsonValue input = f.any("input");
        return new ToolUseBlock(id, name, input, f.extra());
      }
      case "tool_result": {
        String id = f.requiredString("tool_use_id");
        JsonValue content = f.any("content");
        Boolean isError = f.bool("is_error");
        return new ToolResultBlock(
            id, content == null ? null : content(content, f.path("content")), isError, f.extra());
      }
      case "thinking": {
        String thinking = f.requiredString("thinking");
        String signature = f.string("signature");
        return new ThinkingBlock(thinking, signature, f.extra());
      }
      case "redacted_thinking":
        return new RedactedThinkingBlock(f.requiredString("data"), f.extra());
      case "server_tool_use": {
        String id = f.requiredString("id");
        String name = f.requiredString("name");
        JsonValue input = f.any("input");
        return new ServerToolUseBlock(id, name, input, f.extra());
      }
      case "web_search_tool_result": {
        String id = f.requiredString("tool_use_id");
        JsonValue content = required(f.any("content"), f, "content");
        return new WebSearchToolResultBlock(id, content, f.extra());
      }
      default:
        return new UnknownBlock(type, o);
    }
  }

  private static ImageSource imageSource(JsonObject o, String path) {
    Fields f = new Fields(o, path);
    String type = f.requiredString("type");
    String mediaType = f.string("media_type");
    String data = f.string("data");
    String url = f.string("url");
    return new ImageSource(type, mediaType, data, url, f.extra());
  }

  private static Delta delta(JsonObject o) {
    Fields f = new Fields(o, "delta");
    String type = f.requiredString("type");
    switch (type) {
      case "text_delta":
        return new Delta.Text(f.requiredString("text"), f.extra());
      case "input_json_delta":
        return new Delta.InputJson(f.requiredString("partial_json"), f.extra());
      case "thinking_delta":
        return new Delta.Thinking(f.requiredString("thinking"), f.extra());
      case "signature_delta":
        return new Delta.Signature(f.requiredString("signature"), f.extra());
      case "citations_delta":
        return new Delta.Citations(required(f.any("citation"), f, "citation"), f.extra());
      default:
        return new Delta.Unknown(type, o);
    }
  }

  private static List<Tool> tools(JsonArray a) {
    List<Tool> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      String p = "tools." + i;
      Fields f = new Fields(asObject(a.get(i), p), p);
      String type = f.string("type");
      String name = f.string("name");
      String description = f.string("description");
      JsonValue schema = f.any("input_schema");
      out.add(new Tool(type, name, description, schema, f.extra()));
    }
    return out;
  }

  private static ToolChoice toolChoice(JsonObject o) {
    Fields f = new Fields(o, "tool_choice");
    String type = f.requiredString("type");
    String name = f.string("name");
    Boolean disable = f.bool("disable_parallel_tool_use");
    return new ToolChoice(type, name, disable, f.extra());
  }

  private static Thinking thinking(JsonObject o) {
    Fields f = new Fields(o, "thinking");
    String type = f.requiredString("type");
    Integer budget = f.integer("budget_tokens");
    return new Thinking(type, budget, f.extra());
  }

  private static Metadata metadata(JsonObject o) {
    Fields f = new Fields(o, "metadata");
    String userId = f.string("user_id");
    return new Metadata(userId, f.extra());
  }

  private static Usage usage(JsonObject o, String path) {
    Fields f = new Fields(o, path);
    Integer in = f.integer("input_tokens");
    Integer out = f.integer("output_tokens");
    Integer cacheCreation = f.integer("cache_creation_input_tokens");
    Integer cacheRead = f.integer("cache_read_input_tokens");
    return new Usage(in, out, cacheCreation, cacheRead, f.extra());
  }

  private static ApiError apiError(JsonObject o, String path) {
    Fields f = new Fields(o, path);
    String type = f.string("type");
    String message = f.string("message");
    return new ApiError(type == null ? "api_error" : type, message, f.extra());
  }
}
