package dev.ccr.transformers.responses;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.Tool;
import dev.ccr.transformers.openai.ChatRequestEncoder;
import dev.ccr.transformers.openai.FunctionTools;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anthropic Messages request to an OpenAI Responses API body. The system prompt is {@code
 * instructions}, turns are {@code input} items ({@link ResponsesInput}), tools flat functions.
 * Nothing is stored upstream ({@code store: false}): reasoning state travels encrypted in the
 * thinking block's signature instead ({@code include: ["reasoning.encrypted_content"]}), so a tool
 * round trip keeps it.
 */
public final class ResponsesRequestEncoder {
  private static final Logger log = LoggerFactory.getLogger(ResponsesRequestEncoder.class);
  /** The API refuses a smaller {@code max_output_tokens}; quota probes ask for 1. */
  static final int MIN_OUTPUT_TOKENS = 16;

  private final String provider;

  public ResponsesRequestEncoder(String provider) {
    this.provider = provider;
  }

  public JsonObject encode(MessagesRequest r) {
    JsonObject.Builder body = JsonObject.builder();
    body.put("model", r.model());
    if (r.system() != null) {
      String instructions = ChatRequestEncoder.systemText(r.system());
      if (!instructions.isEmpty()) body.put("instructions", instructions);
    }
    List<JsonValue> input = new ResponsesInput(provider).items(r.messages());
    body.put("input", JsonArray.of(input));
    FunctionTools.put(body, tools(r.tools()), r.toolChoice(),
        name -> JsonObject.builder().put("type", "function").put("name", name).build());
    if (r.maxTokens() != null) body.put("max_output_tokens", Math.max(MIN_OUTPUT_TOKENS, r.maxTokens()));
    if (r.temperature() != null) body.put("temperature", JsonNumber.of(r.temperature()));
    if (r.topP() != null) body.put("top_p", JsonNumber.of(r.topP()));
    if (r.stopSequences() != null && !r.stopSequences().isEmpty()) {
      log.debug("{}: the Responses API has no stop sequences; dropped {}", provider, r.stopSequences());
    }
    String effort = ChatRequestEncoder.reasoningEffort(r);
    if (effort != null) {
      JsonObject.Builder reasoning = JsonObject.builder().put("effort", effort);
      // A client that asks for thinking with display "omitted" wants only signatures: no summary is asked for.
      if (!"omitted".equals(r.thinking().extra().getString("display"))) reasoning.put("summary", "auto");
      body.put("reasoning", reasoning.build());
    }
    body.put("store", false);
    body.put("include", JsonArray.of(JsonString.of("reasoning.encrypted_content")));
    if (r.isStream()) body.put("stream", true);
    return body.build();
  }

  /**
   * Functions in the flat Responses shape. {@code strict} is false on purpose: the API defaults it
   * to true, which rejects schemas with optional properties, as most coding tools have.
   */
  private List<JsonValue> tools(List<Tool> tools) {
    if (tools == null) return List.of();
    List<JsonValue> out = new ArrayList<>(tools.size());
    for (Tool t : tools) {
      if (t.isWebSearch()) {
        out.add(JsonObject.builder().put("type", "web_search").build());
        continue;
      }
      if (t.isServerTool()) {
        log.debug("{}: server tool {} has no Responses equivalent; dropped", provider, t.name());
        continue;
      }
      JsonObject function = FunctionTools.function(t).put("strict", false).build();
      out.add(JsonObject.builder().put("type", "function").putAll(function.members()).build());
    }
    return out;
  }
}
