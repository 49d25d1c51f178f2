package dev.ccr.transformers.gemini;

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
import dev.ccr.model.ToolChoice;
import dev.ccr.model.ToolResultBlock;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.model.WebSearchToolResultBlock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Anthropic Messages request to a Gemini {@code generateContent} body: the system prompt as
 * {@code systemInstruction}, turns as {@code contents} with {@code user}/{@code model} roles, tool
 * results as {@code functionResponse} matched to their call by id and name, thinking with its
 * signature as {@code thought} parts, tools as cleaned {@code functionDeclarations}, and web search
 * as the {@code googleSearch} tool.
 */
public final class GeminiRequestEncoder {
  private final String provider;

  public GeminiRequestEncoder(String provider) {
    this.provider = provider;
  }

  public JsonObject encode(MessagesRequest r) {
    JsonObject.Builder body = JsonObject.builder();
    List<JsonValue> system = new ArrayList<>();
    if (r.system() != null) addText(system, r.system());
    Map<String, String> toolNames = new HashMap<>();
    List<JsonObject> contents = new ArrayList<>();
    for (int i = 0; i < r.messages().size(); i++) {
      Message m = r.messages().get(i);
      if (m.isSystem()) {
        addText(system, m.content()); // Gemini has one system instruction: later system text joins it, in order
        continue;
      }
      String role = m.isAssistant() ? "model" : "user";
      List<JsonValue> parts = m.isAssistant() ? modelParts(m.content(), toolNames) : userParts(m.content(), "messages." + i, toolNames);
      if (parts.isEmpty()) continue;
      JsonObject last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
      if (last != null && role.equals(last.getString("role"))) {
        List<JsonValue> merged = new ArrayList<>(last.getArray("parts").elements());
        merged.addAll(parts);
        contents.set(contents.size() - 1, last.with("parts", JsonArray.of(merged)));
      } else {
        contents.add(JsonObject.builder().put("role", role).put("parts", JsonArray.of(parts)).build());
      }
    }
    body.put("contents", JsonArray.of(new ArrayList<JsonValue>(contents)));
    if (!system.isEmpty()) body.put("systemInstruction", JsonObject.builder().put("parts", JsonArray.of(system)).build());
    List<JsonValue> tools = tools(r.tools());
    if (!tools.isEmpty()) {
      body.put("tools", JsonArray.of(tools));
      if (r.toolChoice() != null) body.put("toolConfig", toolConfig(r.toolChoice()));
    }
    JsonObject.Builder config = JsonObject.builder();
    if (r.maxTokens() != null) config.put("maxOutputTokens", r.maxTokens());
    if (r.temperature() != null) config.put("temperature", JsonNumber.of(r.temperature()));
    if (r.topP() != null) config.put("topP", JsonNumber.of(r.topP()));
    if (r.topK() != null) config.put("topK", r.topK());
    if (r.stopSequences() != null && !r.stopSequences().isEmpty()) {
      config.put("stopSequences", JsonArray.of(r.stopSequences().stream().<JsonValue>map(JsonString::of).toList()));
    }
    if (r.isThinking()) {
      Integer budget = r.thinking().budgetTokens();
      config.put("thinkingConfig", JsonObject.builder()
          .put("thinkingBudget", budget != null ? budget : -1) // -1: the model decides, as adaptive thinking does
          .put("includeThoughts", true).build());
    }
    JsonObject generation = config.build();
    if (!generation.isEmpty()) body.put("generationConfig", generation);
    return body.build();
  }

  private static void addText(List<JsonValue> parts, Content content) {
    for (ContentBlock b : content.blocks()) {
      String t = b instanceof TextBlock tb ? tb.text() : AnthropicJson.write(b);
      if (!t.isEmpty()) parts.add(JsonObject.builder().put("text", t).build());
    }
  }

  private List<JsonValue> userParts(Content content, String path, Map<String, String> toolNames) {
    List<JsonValue> parts = new ArrayList<>();
    List<ContentBlock> blocks = content.blocks();
    for (int i = 0; i < blocks.size(); i++) {
      ContentBlock b = blocks.get(i);
      String p = path + ".content." + i;
      if (b instanceof TextBlock t) {
        if (!t.text().isEmpty()) parts.add(JsonObject.builder().put("text", t.text()).build());
      } else if (b instanceof ImageBlock img) {
        parts.add(media(img.source(), p));
      } else if (b instanceof DocumentBlock d) {
        parts.add(document(d, p));
      } else if (b instanceof ToolResultBlock r) {
        toolResult(r, p, toolNames, parts);
      } else if (!(b instanceof ThinkingBlock) && !(b instanceof RedactedThinkingBlock)) {
        parts.add(JsonObject.builder().put("text", "[" + b.type() + "] " + AnthropicJson.write(b)).build());
      }
    }
    return parts;
  }

  private void toolResult(ToolResultBlock r, String path, Map<String, String> toolNames, List<JsonValue> parts) {
    String name = toolNames.get(r.toolUseId());
    if (name == null) {
      throw new InvalidRequestException(path + ": tool_result " + r.toolUseId()
          + " answers no tool_use earlier in the conversation; Gemini needs the tool's name");
    }
    StringBuilder text = new StringBuilder();
    List<JsonValue> media = new ArrayList<>();
    if (r.content() instanceof Content.Text t) {
      text.append(t.value());
    } else if (r.content() != null) {
      List<ContentBlock> blocks = r.content().blocks();
      for (int i = 0; i < blocks.size(); i++) {
        ContentBlock b = blocks.get(i);
        if (b instanceof ImageBlock img) {
          media.add(media(img.source(), path + ".content." + i));
        } else {
          if (text.length() > 0) text.append('\n');
          text.append(b instanceof TextBlock tb ? tb.text() : AnthropicJson.write(b));
        }
      }
    }
    JsonObject response = JsonObject.builder().put(r.error() ? "error" : "result", text.toString()).build();
    parts.add(JsonObject.builder().put("functionResponse", JsonObject.builder()
        .put("id", r.toolUseId()).put("name", name).put("response", response).build()).build());
    parts.addAll(media); // images a tool returned follow its response in the same turn
  }

  private List<JsonValue> modelParts(Content content, Map<String, String> toolNames) {
    List<JsonValue> parts = new ArrayList<>();
    String pendingSignature = null;
    for (ContentBlock b : content.blocks()) {
      JsonObject.Builder part = null;
      if (b instanceof ThinkingBlock t) {
        if (t.thinking().isEmpty()) {
          pendingSignature = t.signature(); // a signature Gemini gave on the next part goes back on it
          continue;
        }
        part = JsonObject.builder().put("text", t.thinking()).put("thought", true);
        if (t.signature() != null && !t.signature().isEmpty() && !dev.ccr.transformers.Signatures.isStandIn(t.signature())) {
          part.put("thoughtSignature", t.signature());
        }
      } else if (b instanceof TextBlock t) {
        if (t.text().isEmpty()) continue;
        part = JsonObject.builder().put("text", t.text());
      } else if (b instanceof ToolUseBlock u) {
        toolNames.put(u.id(), u.name());
        part = JsonObject.builder().put("functionCall", JsonObject.builder().put("id", u.id()).put("name", u.name())
            .put("args", u.input()).build());
      } else if (b instanceof WebSearchToolResultBlock || b instanceof ServerToolUseBlock
          || b instanceof RedactedThinkingBlock) {
        continue; // results of Anthropic's own server tools mean nothing to Gemini
      } else {
        part = JsonObject.builder().put("text", AnthropicJson.write(b));
      }
      if (pendingSignature != null && !pendingSignature.isEmpty()) {
        part.put("thoughtSignature", pendingSignature);
        pendingSignature = null;
      }
      parts.add(part.build());
    }
    return parts;
  }

  private JsonObject media(ImageSource s, String path) {
    if ("base64".equals(s.type()) && s.data() != null) {
      return JsonObject.builder().put("inlineData", JsonObject.builder()
          .put("mimeType", s.mediaType() == null ? "image/png" : s.mediaType()).put("data", s.data()).build()).build();
    }
    if ("url".equals(s.type()) && s.url() != null) {
      return JsonObject.builder().put("fileData", JsonObject.builder()
          .put("mimeType", mimeFromUrl(s.url())).put("fileUri", s.url()).build()).build();
    }
    throw new InvalidRequestException(path + ": image source \"" + s.type() + "\" cannot be sent to provider \"" + provider + "\"");
  }

  private static String mimeFromUrl(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    if (u.endsWith(".jpg") || u.endsWith(".jpeg")) return "image/jpeg";
    if (u.endsWith(".webp")) return "image/webp";
    if (u.endsWith(".gif")) return "image/gif";
    if (u.endsWith(".pdf")) return "application/pdf";
    return "image/png";
  }

  private JsonObject document(DocumentBlock d, String path) {
    String type = d.sourceType() == null ? "" : d.sourceType();
    String title = d.title() == null ? "" : "Document: " + d.title() + "\n\n";
    if (type.equals("text")) return JsonObject.builder().put("text", title + d.source().getString("data")).build();
    if (type.equals("base64")) {
      return JsonObject.builder().put("inlineData", JsonObject.builder()
          .put("mimeType", d.mediaType() == null ? "application/pdf" : d.mediaType())
          .put("data", d.source().getString("data")).build()).build();
    }
    if (type.equals("url") && d.source().getString("url") != null) {
      return JsonObject.builder().put("fileData", JsonObject.builder().put("mimeType", "application/pdf")
          .put("fileUri", d.source().getString("url")).build()).build();
    }
    throw new InvalidRequestException(path + ": documents of source type " + type + " cannot be sent to provider \""
        + provider + "\"");
  }

  private static List<JsonValue> tools(List<Tool> tools) {
    if (tools == null) return List.of();
    List<JsonValue> declarations = new ArrayList<>();
    boolean search = false;
    for (Tool t : tools) {
      if (t.isWebSearch()) {
        search = true;
        continue;
      }
      if (t.isServerTool()) continue;
      JsonObject.Builder f = JsonObject.builder().put("name", t.name());
      if (t.description() != null) f.put("description", t.description());
      if (t.inputSchema() instanceof JsonObject schema && schema.getObject("properties") != null
          && !schema.getObject("properties").isEmpty()) {
        f.put("parameters", GeminiSchemas.clean(schema));
      }
      declarations.add(f.build());
    }
    List<JsonValue> out = new ArrayList<>();
    if (!declarations.isEmpty()) out.add(JsonObject.builder().put("functionDeclarations", JsonArray.of(declarations)).build());
    if (search) out.add(JsonObject.builder().put("googleSearch", JsonObject.of()).build());
    return out;
  }

  private static JsonObject toolConfig(ToolChoice c) {
    JsonObject.Builder f = JsonObject.builder();
    switch (c.type()) {
      case "any":
        f.put("mode", "ANY");
        break;
      case "none":
        f.put("mode", "NONE");
        break;
      case "tool":
        f.put("mode", "ANY").put("allowedFunctionNames", JsonArray.of(JsonString.of(c.name())));
        break;
      default:
        f.put("mode", "AUTO");
    }
    return JsonObject.builder().put("functionCallingConfig", f.build()).build();
  }
}
