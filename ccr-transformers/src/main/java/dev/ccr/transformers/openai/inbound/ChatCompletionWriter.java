package dev.ccr.transformers.openai.inbound;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNull;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.model.ApiError;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.TextBlock;
import dev.ccr.model.ThinkingBlock;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.model.Usage;
import dev.ccr.transformers.openai.ChatWire;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic messages as OpenAI {@code chat.completion} objects: text is the content, {@code
 * tool_use} blocks are {@code tool_calls}, thinking is {@code reasoning_content} (as DeepSeek-style
 * servers send it), and the stop reason is the finish reason. Also the OpenAI error object.
 */
public final class ChatCompletionWriter {
  private ChatCompletionWriter() {}

  public static JsonObject completion(MessagesResponse m, String id, long created) {
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    List<JsonValue> calls = new ArrayList<>();
    for (ContentBlock b : m.content()) {
      if (b instanceof TextBlock t) {
        text.append(t.text());
      } else if (b instanceof ThinkingBlock t) {
        reasoning.append(t.thinking());
      } else if (b instanceof ToolUseBlock u) {
        calls.add(toolCall(u.id(), u.name(), arguments(u.input())));
      }
      // Other blocks (server tool results, redacted thinking) have no place in a chat.completion.
    }
    JsonObject.Builder message = JsonObject.builder().put("role", "assistant")
        .put("content", text.length() == 0 && !calls.isEmpty() ? JsonNull.INSTANCE : JsonString.of(text.toString()))
        .put("refusal", JsonNull.INSTANCE);
    if (reasoning.length() > 0) message.put("reasoning_content", reasoning.toString());
    if (!calls.isEmpty()) message.put("tool_calls", JsonArray.of(calls));
    JsonObject choice = JsonObject.builder().put("index", 0).put("message", message.build())
        .put("logprobs", JsonNull.INSTANCE).put("finish_reason", ChatWire.finishReason(m.stopReason())).build();
    JsonObject.Builder out = JsonObject.builder().put("id", id).put("object", "chat.completion").put("created", created)
        .put("model", m.model() == null ? "" : m.model()).put("choices", JsonArray.of(choice));
    if (m.usage() != null) out.put("usage", usage(m.usage()));
    return out.build();
  }

  /** Anthropic usage as OpenAI's: every input token is a prompt token, those read from the cache also cached ones. */
  public static JsonObject usage(Usage u) {
    int prompt = u.inputTotal();
    int completion = u.outputTokens() == null ? 0 : u.outputTokens();
    int cached = u.cacheReadInputTokens() == null ? 0 : u.cacheReadInputTokens();
    return JsonObject.builder().put("prompt_tokens", prompt).put("completion_tokens", completion)
        .put("total_tokens", prompt + completion)
        .put("prompt_tokens_details", JsonObject.builder().put("cached_tokens", cached).build()).build();
  }

  /**
   * The OpenAI error object, {@code {"error":{"message","type","param","code"}}}: its type is
   * OpenAI's ({@code invalid_request_error}, {@code server_error}, ...), its code the Anthropic type
   * that says more precisely what happened ({@code overloaded_error}, {@code rate_limit_error}, ...).
   */
  public static JsonObject error(int status, ApiError error, String param) {
    String type;
    String code = error.type();
    if (status == 401) {
      type = "invalid_request_error";
      code = "invalid_api_key";
    } else if (status == 429) {
      type = "rate_limit_error";
    } else if (status >= 500 || status == 0) {
      type = "server_error";
    } else {
      type = "invalid_request_error";
    }
    return JsonObject.builder().put("error", JsonObject.builder().put("message", error.message()).put("type", type)
        .put("param", param == null ? JsonNull.INSTANCE : JsonString.of(param)).put("code", code).build()).build();
  }

  static JsonObject toolCall(String id, String name, String arguments) {
    return JsonObject.builder().put("id", id).put("type", "function").put("function",
        JsonObject.builder().put("name", name).put("arguments", arguments).build()).build();
  }

  /** Tool input as the arguments string; input that was not JSON when it came in goes back as it was. */
  static String arguments(JsonValue input) {
    if (input instanceof JsonObject o && o.size() == 1 && o.get("_raw_arguments") instanceof JsonString raw) {
      return raw.value();
    }
    return input.toJson();
  }
}
