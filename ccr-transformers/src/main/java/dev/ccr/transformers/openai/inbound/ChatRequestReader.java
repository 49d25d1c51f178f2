package dev.ccr.transformers.openai.inbound;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonBoolean;
import dev.ccr.json.JsonNull;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.model.Content;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.Metadata;
import dev.ccr.model.TextBlock;
import dev.ccr.model.Thinking;
import dev.ccr.model.Tool;
import dev.ccr.model.ToolChoice;
import dev.ccr.model.ToolUseBlock;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * An OpenAI Chat Completions request read into the Anthropic model every route and provider takes:
 * system and developer messages make the system prompt, tool calls become {@code tool_use} blocks
 * and {@code tool} messages {@code tool_result} blocks of a user turn, {@code response_format} an
 * instruction, {@code reasoning_effort} thinking. What cannot be carried is a {@link
 * ChatRequestException}. Members ccr does not model are not read here: they reach an upstream that
 * speaks Chat Completions through {@link ClientBodyTransformer}.
 */
public final class ChatRequestReader {
  /** {@code max_tokens} when the client gives none: Anthropic requires one, and OpenAI clients often omit it. */
  public static final int DEFAULT_MAX_TOKENS = 8192;
  private static final int MIN_THINKING_BUDGET = 1024;

  private ChatRequestReader() {}

  public static MessagesRequest read(JsonObject body) {
    MessagesRequest.Builder r = MessagesRequest.builder();
    JsonValue model = body.get("model");
    if (model == null || model instanceof JsonNull) throw invalid("model", "you must provide a model parameter");
    r.model(string("model", model));
    JsonValue n = present(body, "n");
    if (n != null && integer("n", n) != 1) {
      throw invalid("n", "ccr returns one choice per request; n must be 1 (send the request n times instead)");
    }
    List<ContentBlock> system = new ArrayList<>();
    r.messages(ChatMessages.read(body.get("messages"), system));
    String format = responseFormat(present(body, "response_format"));
    if (format != null) system.add(TextBlock.of(format));
    if (!system.isEmpty()) r.system(Content.of(system));

    JsonValue max = present(body, "max_completion_tokens");
    String maxName = "max_completion_tokens";
    if (max == null) {
      max = present(body, "max_tokens");
      maxName = "max_tokens";
    }
    int maxTokens = max == null ? DEFAULT_MAX_TOKENS : integer(maxName, max);
    if (maxTokens < 1) throw invalid(maxName, "must be at least 1");
    JsonValue effort = present(body, "reasoning_effort");
    if (effort != null) {
      int budget = budget(string("reasoning_effort", effort));
      // As OpenAI counts reasoning within max_completion_tokens, thinking takes at most half of a limit
      // the client set; without one, the default answer room comes on top of the thinking budget.
      if (max != null) budget = Math.min(budget, maxTokens / 2);
      else maxTokens += budget;
      if (budget >= MIN_THINKING_BUDGET) r.thinking(Thinking.enabled(budget));
    }
    r.maxTokens(maxTokens);
    JsonValue temperature = present(body, "temperature");
    if (temperature != null) r.temperature(number("temperature", temperature));
    JsonValue topP = present(body, "top_p");
    if (topP != null) r.topP(number("top_p", topP));
    JsonValue stop = present(body, "stop");
    if (stop != null) r.stopSequences(stop(stop));
    JsonValue stream = present(body, "stream");
    if (stream != null) {
      if (!(stream instanceof JsonBoolean b)) throw invalid("stream", "must be a boolean");
      r.stream(b.value());
    }
    JsonValue user = present(body, "user");
    if (user != null) r.metadata(new Metadata(string("user", user), JsonObject.of()));
    JsonValue tools = present(body, "tools");
    if (tools != null) r.tools(tools(tools));
    ToolChoice choice = toolChoice(present(body, "tool_choice"), present(body, "parallel_tool_calls"));
    if (choice != null) r.toolChoice(choice);
    return r.build();
  }

  /**
   * {@code request} as it can be sent once routed: without thinking when its last assistant turn
   * called tools. Anthropic then requires that turn's signed thinking block back, which an OpenAI
   * client cannot send; routing still saw the thinking (the think rule applies to the whole loop),
   * and an upstream that speaks Chat Completions still gets the client's {@code reasoning_effort}.
   */
  public static MessagesRequest sendable(MessagesRequest request) {
    if (!request.isThinking()) return request;
    for (int i = request.messages().size() - 1; i >= 0; i--) {
      Message m = request.messages().get(i);
      if (!m.isAssistant()) continue;
      boolean calledTools = m.content().blocks().stream().anyMatch(b -> b instanceof ToolUseBlock);
      return calledTools ? request.toBuilder().thinking(null).build() : request;
    }
    return request;
  }

  /** True when the client asked for a final usage chunk ({@code stream_options.include_usage}). */
  public static boolean includeUsage(JsonObject body) {
    JsonValue options = present(body, "stream_options");
    if (options == null) return false;
    if (!(options instanceof JsonObject o)) throw invalid("stream_options", "must be an object");
    return Boolean.TRUE.equals(o.getBoolean("include_usage"));
  }

  /** The system instruction for {@code response_format}, or null when it asks for plain text. */
  private static String responseFormat(JsonValue v) {
    if (v == null) return null;
    JsonObject f = object("response_format", v);
    String type = f.getString("type");
    if (type == null) throw invalid("response_format.type", "Field required");
    switch (type) {
      case "text":
        return null;
      case "json_object":
        return "Respond with a single valid JSON object and nothing else: no prose, no code fences.";
      case "json_schema":
        JsonObject schema = f.getObject("json_schema");
        if (schema == null) throw invalid("response_format.json_schema", "Field required");
        JsonValue s = schema.get("schema");
        return "Respond with a single valid JSON value and nothing else (no prose, no code fences) that conforms to"
            + " this JSON Schema" + (schema.getString("name") != null ? " (\"" + schema.getString("name") + "\")" : "")
            + ":\n" + (s == null ? "{}" : s.toJson());
      default:
        throw invalid("response_format.type", "must be one of text, json_object or json_schema");
    }
  }

  private static List<String> stop(JsonValue v) {
    if (v instanceof JsonString s) return List.of(s.value());
    JsonArray a = array("stop", v);
    List<String> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) out.add(string("stop[" + i + "]", a.get(i)));
    return out;
  }

  private static List<Tool> tools(JsonValue v) {
    JsonArray list = array("tools", v);
    List<Tool> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String p = "tools[" + i + "]";
      JsonObject t = object(p, list.get(i));
      String type = t.getString("type");
      if (type != null && !type.equals("function")) throw invalid(p + ".type", "only \"function\" tools are supported");
      JsonValue fn = t.get("function");
      if (fn == null) throw invalid(p + ".function", "Field required");
      JsonObject f = object(p + ".function", fn);
      JsonValue name = f.get("name");
      if (name == null) throw invalid(p + ".function.name", "Field required");
      JsonValue description = present(f, "description");
      JsonValue parameters = present(f, "parameters");
      if (parameters != null) object(p + ".function.parameters", parameters);
      out.add(Tool.custom(string(p + ".function.name", name),
          description == null ? null : string(p + ".function.description", description),
          parameters != null ? parameters
              : JsonObject.builder().put("type", "object").put("properties", JsonObject.of()).build()));
    }
    return out;
  }

  private static ToolChoice toolChoice(JsonValue v, JsonValue parallel) {
    Boolean disableParallel = null;
    if (parallel != null) {
      if (!(parallel instanceof JsonBoolean b)) throw invalid("parallel_tool_calls", "must be a boolean");
      if (!b.value()) disableParallel = true;
    }
    ToolChoice choice;
    if (v == null) {
      if (disableParallel == null) return null;
      choice = ToolChoice.auto();
    } else if (v instanceof JsonString s) {
      switch (s.value()) {
        case "auto":
          choice = ToolChoice.auto();
          break;
        case "none":
          choice = ToolChoice.none();
          break;
        case "required":
          choice = ToolChoice.any();
          break;
        default:
          throw invalid("tool_choice", "must be \"auto\", \"none\", \"required\" or a function");
      }
    } else {
      JsonObject o = object("tool_choice", v);
      JsonObject fn = o.getObject("function");
      if (!"function".equals(o.getString("type")) || fn == null || fn.getString("name") == null) {
        throw invalid("tool_choice", "must be {\"type\":\"function\",\"function\":{\"name\":...}}");
      }
      choice = ToolChoice.tool(fn.getString("name"));
    }
    if (disableParallel == null) return choice;
    return new ToolChoice(choice.type(), choice.name(), disableParallel, JsonObject.of());
  }

  /** The thinking budget for a reasoning effort, chosen so it maps back to the same effort on an OpenAI upstream; 0 for none. */
  private static int budget(String effort) {
    switch (effort) {
      case "none":
        return 0;
      case "minimal":
        return MIN_THINKING_BUDGET;
      case "low":
        return 2_048;
      case "medium":
        return 8_192;
      case "high":
      case "xhigh":
        return 24_576;
      default:
        throw invalid("reasoning_effort", "must be one of none, minimal, low, medium or high");
    }
  }

  /** A member that is there and not null: OpenAI's SDKs send null for "not set". */
  static JsonValue present(JsonObject o, String name) {
    JsonValue v = o.get(name);
    return v == null || v instanceof JsonNull ? null : v;
  }

  static JsonObject object(String path, JsonValue v) {
    if (v instanceof JsonObject o) return o;
    throw invalid(path, "must be an object");
  }

  static JsonArray array(String path, JsonValue v) {
    if (v instanceof JsonArray a) return a;
    throw invalid(path, "must be an array");
  }

  static String string(String path, JsonValue v) {
    if (v instanceof JsonString s) return s.value();
    throw invalid(path, "must be a string");
  }

  private static int integer(String path, JsonValue v) {
    if (v instanceof JsonNumber n) {
      try {
        return n.bigDecimal().intValueExact();
      } catch (ArithmeticException e) {
        // below
      }
    }
    throw invalid(path, "must be an integer");
  }

  private static double number(String path, JsonValue v) {
    if (v instanceof JsonNumber n) {
      BigDecimal d = n.bigDecimal();
      if (!Double.isInfinite(d.doubleValue())) return d.doubleValue();
    }
    throw invalid(path, "must be a finite number");
  }

  static ChatRequestException invalid(String param, String message) {
    return new ChatRequestException(param, message);
  }
}
