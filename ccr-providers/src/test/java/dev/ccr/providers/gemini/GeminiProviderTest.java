package dev.ccr.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.ThinkingBlock;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.providers.testing.Providers;
import dev.ccr.routing.Route;
import dev.ccr.spi.Provider;
import org.junit.jupiter.api.Test;

class GeminiProviderTest {
  static final String ENTRY = "{name: 'gemini', api_key: 'AIza', models: ['gemini-2.5-pro']}";
  static final Route ROUTE = Route.of("gemini", "gemini-2.5-pro", "default", "test");

  static JsonObject body(String request) {
    return Providers.body(ENTRY, "gemini-2.5-pro", request);
  }

  @Test
  void systemPromptsAreTheSystemInstructionNotAUserTurn() {
    JsonObject body = body("{\"model\":\"x\",\"max_tokens\":10,\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"},{\"role\":\"system\",\"content\":\"# Environment\"},{\"role\":\"user\",\"content\":\"again\"}]}");

    assertThat(body.getObject("systemInstruction")).isEqualTo(Json.parse(
        "{\"parts\":[{\"text\":\"Be brief.\"},{\"text\":\"# Environment\"}]}"));
    assertThat(body.getArray("contents")).isEqualTo(Json.parse(
        "[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"},{\"text\":\"again\"}]}]"));
  }

  @Test
  void generationConfigAndCleanedToolSchemas() {
    JsonObject body = body("{\"model\":\"x\",\"max_tokens\":900,\"temperature\":0.2,\"top_p\":0.9,\"top_k\":32,"
        + "\"stop_sequences\":[\"END\"],\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tool_choice\":{\"type\":\"tool\",\"name\":\"Read\"},"
        + "\"tools\":[{\"name\":\"Read\",\"description\":\"Reads\",\"input_schema\":{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
        + "\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"path\":{\"type\":\"string\",\"format\":\"uri\"},"
        + "\"limit\":{\"type\":[\"integer\",\"null\"],\"exclusiveMinimum\":0},\"mode\":{\"const\":\"fast\"}},\"required\":[\"path\"]}},"
        + "{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}");

    assertThat(body.getObject("generationConfig")).isEqualTo(Json.parse("{\"maxOutputTokens\":900,\"temperature\":0.2,"
        + "\"topP\":0.9,\"topK\":32,\"stopSequences\":[\"END\"],\"thinkingConfig\":{\"thinkingBudget\":1024,\"includeThoughts\":true}}"));
    assertThat(body.getArray("tools")).isEqualTo(Json.parse("[{\"functionDeclarations\":[{\"name\":\"Read\",\"description\":\"Reads\","
        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},\"limit\":{\"nullable\":true,"
        + "\"type\":\"integer\"},\"mode\":{\"enum\":[\"fast\"]}},\"required\":[\"path\"]}}]},{\"googleSearch\":{}}]"));
    assertThat(body.getObject("toolConfig")).isEqualTo(Json.parse(
        "{\"functionCallingConfig\":{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"Read\"]}}"));
  }

  @Test
  void toolLoopMatchesCallsAndResponsesAndSendsSignaturesBack() {
    JsonObject body = body("{\"model\":\"x\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"read it\"},"
        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"CiQB\"},"
        + "{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"Read\",\"input\":{\"path\":\"/a\"}}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_9\",\"content\":[{\"type\":\"text\",\"text\":\"no such file\"},"
        + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBO\"}}],\"is_error\":true}]}]}");

    assertThat(body.getArray("contents").get(1)).isEqualTo(Json.parse("{\"role\":\"model\",\"parts\":[{\"functionCall\":"
        + "{\"id\":\"toolu_9\",\"name\":\"Read\",\"args\":{\"path\":\"/a\"}},\"thoughtSignature\":\"CiQB\"}]}"));
    assertThat(body.getArray("contents").get(2)).isEqualTo(Json.parse("{\"role\":\"user\",\"parts\":[{\"functionResponse\":"
        + "{\"id\":\"toolu_9\",\"name\":\"Read\",\"response\":{\"error\":\"no such file\"}}},"
        + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBO\"}}]}"));
  }

  @Test
  void repliesMapStopReasonsUsageAndThoughts() {
    Provider gemini = Providers.provider(ENTRY);
    MessagesResponse r = gemini.readResponse(Json.parse("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
        + "{\"text\":\"Plan.\",\"thought\":true},{\"text\":\"Answer\",\"thoughtSignature\":\"SIG\"}]},\"finishReason\":\"MAX_TOKENS\"}],"
        + "\"usageMetadata\":{\"promptTokenCount\":100,\"cachedContentTokenCount\":60,\"candidatesTokenCount\":10,"
        + "\"thoughtsTokenCount\":30},\"modelVersion\":\"gemini-2.5-pro\",\"responseId\":\"abc\"}"), ROUTE);

    assertThat(r.stopReason()).isEqualTo("max_tokens");
    assertThat(r.usage().inputTokens()).isEqualTo(40);
    assertThat(r.usage().cacheReadInputTokens()).isEqualTo(60);
    assertThat(r.usage().outputTokens()).isEqualTo(40);
    assertThat(((ThinkingBlock) r.content().get(0)).thinking()).isEqualTo("Plan.");
    assertThat(((ThinkingBlock) r.content().get(0)).signature()).isEqualTo("SIG");
    assertThat(r.text()).isEqualTo("Answer");

    MessagesResponse blocked = gemini.readResponse(Json.parse("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":"
        + "[{\"text\":\"\"}]},\"finishReason\":\"SAFETY\"}]}"), ROUTE);
    assertThat(blocked.stopReason()).isEqualTo("refusal");
    MessagesResponse call = gemini.readResponse(Json.parse("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":"
        + "[{\"functionCall\":{\"name\":\"Read\",\"args\":{\"p\":1}}}]},\"finishReason\":\"STOP\"}]}"), ROUTE);
    assertThat(call.stopReason()).isEqualTo("tool_use");
    assertThat(((ToolUseBlock) call.content().get(0)).input()).isEqualTo(Json.parse("{\"p\":1}"));
  }
}
