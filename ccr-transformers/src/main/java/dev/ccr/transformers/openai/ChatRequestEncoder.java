package dev.ccr.transformers.openai;

import dev.ccr.InvalidRequestException;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.Content;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.DocumentBlock;
import dev.ccr.model.ImageBlock;
import dev.ccr.model.ImageSource;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.RedactedThinkingBlock;
import dev.ccr.model.ServerToolUseBlock;
import dev.ccr.model.TextBlock;
import dev.ccr.model.ThinkingBlock;
import dev.ccr.model.Tool;
import dev.ccr.model.ToolResultBlock;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.model.UnknownBlock;
import dev.ccr.model.WebSearchToolResultBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic Messages request to an OpenAI Chat Completions body. Every member is carried over or
 * handled on purpose: system blocks and {@code role:"system"} messages stay system messages in
 * place, tool results become {@code tool} messages before the rest of their turn, thinking goes
 * back the way the dialect wants it, and what cannot be sent is a clear 400.
 */
public final class ChatRequestEncoder {
  private final ChatDialect dialect;
  private final String provider;

  public ChatRequestEncoder(ChatDialect dialect, String provider) {
    this.dialect = dialect;
    this.provider = provider;
  }

  public JsonObject encode(MessagesRequest r) {
    JsonObject.Builder body = JsonObject.builder();
    body.put("model", r.model());
    List<JsonValue> messages = new ArrayList<>(r.messages().size() + 2);
    if (r.system() != null) {
      JsonObject system = systemMessage(r.system());
      if (system != null) messages.add(system);
    }
    for (int i = 0; i < r.messages().size(); i++) {
      message(r.messages().get(i), "messages." + i, messages);
    }
    body.put("messages", JsonArray.of(messages));
    if (r.maxTokens() != null) body.put("max_tokens", r.maxTokens());
    if (r.temperature() != null) body.put("temperature", JsonNumber.of(r.temperature()));
    if (r.topP() != null) body.put("top_p", JsonNumber.of(r.topP()));
    if (r.topK() != null && dialect.topK()) body.put("top_k", r.topK());
    if (r.stopSequences() != null && !r.stopSequences().isEmpty()) {
      body.put("stop", JsonArray.of(r.stopSequences().stream().<JsonValue>map(JsonString::of).toList()));
    }
    if (r.metadata() != null && r.metadata().userId() != null) body.put("user", r.metadata().userId());
    FunctionTools.put(body, tools(r.tools()), r.toolChoice(), name -> JsonObject.builder().put("type", "function")
        .put("function", JsonObject.builder().put("name", name).build()).build());
    String effort = reasoningEffort(r);
    if (effort != null && dialect.reasoningEffort()) body.put("reasoning_effort", effort);
    if (r.isStream()) {
      body.put("stream", true);
      if (dialect.streamUsage()) {
        body.put("stream_options", JsonObject.builder().put("include_usage", true).build());
      }
    }
    return body.build();
  }

  /** The OpenAI reasoning effort for Anthropic thinking, or null when thinking is off. */
  public static String reasoningEffort(MessagesRequest r) {
    if (!r.isThinking()) return null;
    if (r.thinking().type().equals("enabled") && r.thinking().budgetTokens() != null) {
      int budget = r.thinking().budgetTokens();
      return budget < 4_096 ? "low" : budget < 16_384 ? "medium" : "high";
    }
    JsonObject output = r.extra().getObject("output_config");
    String effort = output == null ? null : output.getString("effort");
    if (effort == null) return "medium";
    switch (effort) {
      case "low":
      case "medium":
      case "high":
        return effort;
      case "max":
      case "xhigh":
        return "high";
      default:
        return "medium";
    }
  }

  /** Text of system content: text blocks joined by blank lines; other blocks as their JSON. */
  public static String systemText(Content content) {
    StringBuilder text = new StringBuilder();
    for (ContentBlock b : content.blocks()) {
      String t = systemBlockText(b);
      if (t.isEmpty()) continue;
      if (text.length() > 0) text.append("\n\n");
      text.append(t);
    }
    return text.toString();
  }

  private static String systemBlockText(ContentBlock b) {
    return b instanceof TextBlock tb ? tb.text() : AnthropicJson.write(b);
  }

  private JsonObject systemMessage(Content content) {
    List<JsonValue> parts = new ArrayList<>();
    boolean cached = false;
    for (ContentBlock b : content.blocks()) {
      String t = systemBlockText(b);
      if (t.isEmpty()) continue;
      JsonObject.Builder part = JsonObject.builder().put("type", "text").put("text", t);
      JsonValue cc = b.extra().get("cache_control");
      if (cc != null && dialect.cacheControl()) {
        part.put("cache_control", cc);
        cached = true;
      }
      parts.add(part.build());
    }
    if (parts.isEmpty()) return null;
    return JsonObject.builder().put("role", "system")
        .put("content", cached ? JsonArray.of(parts) : JsonString.of(systemText(content))).build();
  }

  private void message(Message m, String path, List<JsonValue> out) {
    if (m.isSystem()) {
      JsonObject system = systemMessage(m.content());
      if (system != null) out.add(system);
    } else if (m.isAssistant()) {
      out.add(assistant(m.content(), path));
    } else {
      user(m.content(), path, out);
    }
  }

  /** Tool results first, as {@code tool} messages in order; then the rest of the turn as one user message. */
  private void user(Content content, String path, List<JsonValue> out) {
    UserTurn turn = UserTurn.of(content, path, parts);
    for (UserTurn.ToolOutput o : turn.toolOutputs()) {
      out.add(JsonObject.builder().put("role", "tool").put("tool_call_id", o.toolUseId()).put("content", o.text()).build());
    }
    if (!turn.parts().isEmpty()) {
      out.add(JsonObject.builder().put("role", "user").put("content", partsContent(turn.parts())).build());
    }
  }

  /** Chat Completions content parts: {@code text}, {@code image_url}, and {@code file} where the dialect takes files. */
  private final UserTurn.Parts parts = new UserTurn.Parts() {
    @Override
    public JsonValue part(ContentBlock b, String path) {
      return ChatRequestEncoder.this.part(b, path);
    }

    @Override
    public JsonValue image(ImageSource source, String path) {
      return imagePart(source, path);
    }

    @Override
    public JsonValue text(String text) {
      return textPart(text, null);
    }
  };

  /** One user content part, or null for a block with nothing to send. */
  private JsonValue part(ContentBlock b, String path) {
    if (b instanceof TextBlock t) return t.text().isEmpty() ? null : textPart(t.text(), t.extra().get("cache_control"));
    if (b instanceof ImageBlock img) return imagePart(img.source(), path);
    if (b instanceof DocumentBlock d) return documentPart(d, path);
    if (b instanceof ThinkingBlock || b instanceof RedactedThinkingBlock) return null; // only assistants think
    return textPart(blockAsText(b), null);
  }

  private JsonObject textPart(String text, JsonValue cacheControl) {
    JsonObject.Builder p = JsonObject.builder().put("type", "text").put("text", text);
    if (cacheControl != null && dialect.cacheControl()) p.put("cache_control", cacheControl);
    return p.build();
  }

  private JsonObject imagePart(ImageSource s, String path) {
    return JsonObject.builder().put("type", "image_url")
        .put("image_url", JsonObject.builder().put("url", UserTurn.imageUrl(s, path, provider)).build()).build();
  }

  private JsonObject documentPart(DocumentBlock d, String path) {
    String type = d.sourceType() == null ? "" : d.sourceType();
    String title = d.title() == null ? "" : "Document: " + d.title() + "\n\n";
    if (type.equals("text")) {
      return textPart(title + d.source().getString("data"), d.extra().get("cache_control"));
    }
    if (type.equals("content")) {
      JsonValue inner = d.source().get("content");
      String text = inner instanceof JsonString s ? s.value() : collectText(inner);
      return textPart(title + text, d.extra().get("cache_control"));
    }
    if (type.equals("base64") && "application/pdf".equals(d.mediaType()) && dialect.files()) {
      String name = d.title() != null ? d.title() : "document.pdf";
      return JsonObject.builder().put("type", "file").put("file", JsonObject.builder()
          .put("filename", name).put("file_data", "data:application/pdf;base64," + d.source().getString("data"))
          .build()).build();
    }
    throw new InvalidRequestException(path + ": documents of type " + (d.mediaType() != null ? d.mediaType() : type)
        + " cannot be sent to provider \"" + provider + "\", which accepts text documents only");
  }

  private static String collectText(JsonValue v) {
    StringBuilder sb = new StringBuilder();
    if (v instanceof JsonArray a) {
      for (JsonValue e : a.elements()) {
        if (e instanceof JsonObject o && o.getString("text") != null) {
          if (sb.length() > 0) sb.append('\n');
          sb.append(o.getString("text"));
        }
      }
    }
    return sb.toString();
  }

  /** Blocks that OpenAI's formats have no place for, written so the model still sees them. */
  static String blockAsText(ContentBlock b) {
    if (b instanceof WebSearchToolResultBlock w) {
      StringBuilder sb = new StringBuilder("Web search results:");
      if (w.content() instanceof JsonArray a) {
        for (JsonValue e : a.elements()) {
          JsonObject o = e.asObject();
          if (o == null) continue;
          sb.append("\n- ").append(o.getString("title") == null ? "" : o.getString("title"))
              .append(" <").append(o.getString("url") == null ? "" : o.getString("url")).append('>');
        }
      }
      return sb.toString();
    }
    if (b instanceof ToolResultBlock || b instanceof ToolUseBlock || b instanceof ServerToolUseBlock
        || b instanceof UnknownBlock) {
      return "[" + b.type() + "] " + AnthropicJson.write(b);
    }
    return AnthropicJson.write(b);
  }

  private JsonObject assistant(Content content, String path) {
    JsonObject.Builder m = JsonObject.builder().put("role", "assistant");
    if (content instanceof Content.Text t) return m.put("content", t.value()).build();
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    List<JsonValue> details = new ArrayList<>();
    List<JsonValue> calls = new ArrayList<>();
    List<ContentBlock> blocks = content.blocks();
    for (int i = 0; i < blocks.size(); i++) {
      ContentBlock b = blocks.get(i);
      if (b instanceof TextBlock t) {
        if (t.text().isEmpty()) continue;
        if (text.length() > 0) text.append("\n\n");
        text.append(t.text());
      } else if (b instanceof ToolUseBlock u) {
        calls.add(JsonObject.builder().put("id", u.id()).put("type", "function").put("function",
            JsonObject.builder().put("name", u.name()).put("arguments", u.input().toJson()).build()).build());
      } else if (b instanceof ThinkingBlock t) {
        reasoning.append(t.thinking());
        JsonObject.Builder d = JsonObject.builder().put("type", "reasoning.text").put("text", t.thinking());
        if (t.signature() != null && !t.signature().isEmpty()) d.put("signature", t.signature());
        details.add(d.build());
      } else if (b instanceof RedactedThinkingBlock r) {
        details.add(JsonObject.builder().put("type", "reasoning.encrypted").put("data", r.data()).build());
      } else if (b instanceof ServerToolUseBlock) {
        continue; // the provider ran it; its result block carries what matters
      } else {
        if (text.length() > 0) text.append("\n\n");
        text.append(blockAsText(b));
      }
    }
    m.put("content", text.length() == 0 && !calls.isEmpty() ? dev.ccr.json.JsonNull.INSTANCE
        : JsonString.of(text.toString()));
    if (!calls.isEmpty()) m.put("tool_calls", JsonArray.of(calls));
    if (dialect.reasoningEcho() == ChatDialect.ReasoningEcho.REASONING_CONTENT && reasoning.length() > 0) {
      m.put("reasoning_content", reasoning.toString());
    } else if (dialect.reasoningEcho() == ChatDialect.ReasoningEcho.REASONING_DETAILS && !details.isEmpty()) {
      m.put("reasoning_details", JsonArray.of(details));
    }
    return m.build();
  }

  private static JsonValue partsContent(List<JsonValue> parts) {
    // Text-only content goes as one string: every compatible server takes that.
    StringBuilder text = new StringBuilder();
    for (JsonValue p : parts) {
      JsonObject o = p.asObject();
      if (!"text".equals(o.getString("type")) || o.has("cache_control")) return JsonArray.of(parts);
      if (text.length() > 0) text.append("\n\n");
      text.append(o.getString("text"));
    }
    return JsonString.of(text.toString());
  }

  private List<JsonValue> tools(List<Tool> tools) {
    if (tools == null) return List.of();
    List<JsonValue> out = new ArrayList<>(tools.size());
    for (Tool t : tools) {
      if (t.isServerTool()) continue; // server tools are the provider's business (web search: see the provider)
      JsonObject.Builder tool = JsonObject.builder().put("type", "function").put("function", FunctionTools.function(t).build());
      JsonValue cc = t.extra().get("cache_control");
      if (cc != null && dialect.cacheControl()) tool.put("cache_control", cc);
      out.add(tool.build());
    }
    return out;
  }
}
