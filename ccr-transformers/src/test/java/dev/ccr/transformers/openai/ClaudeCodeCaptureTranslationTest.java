package dev.ccr.transformers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.TextBlock;
import dev.ccr.model.Tool;
import dev.ccr.model.ToolResultBlock;
import dev.ccr.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The real Claude Code requests translate to Chat Completions without losing text, tools or system prompts. */
class ClaudeCodeCaptureTranslationTest {
  static final List<String> CAPTURES = Fixtures.CLAUDE_CODE;

  @ParameterizedTest
  @FieldSource("CAPTURES")
  void everyTextAndToolSurvives(String name) {
    MessagesRequest request = AnthropicJson.request(Fixtures.claudeCodeBody(name));

    JsonObject body = new ChatRequestEncoder(ChatDialect.DEFAULT, "openai").encode(request);
    String json = body.toJson();

    List<String> texts = new ArrayList<>();
    request.system().blocks().forEach(b -> texts.add(((TextBlock) b).text()));
    for (Message m : request.messages()) {
      for (ContentBlock b : m.content().blocks()) {
        if (b instanceof TextBlock t) texts.add(t.text());
        if (b instanceof ToolResultBlock r) texts.add(r.content().text());
      }
    }
    for (String t : texts) {
      assertThat(json).as("text of %d chars", t.length()).contains(dev.ccr.json.Json.write(dev.ccr.json.JsonString.of(t))
          .substring(1, Math.min(200, t.length())));
    }
    JsonArray messages = body.getArray("messages");
    long systems = messages.elements().stream().filter(m -> "system".equals(m.asObject().getString("role"))).count();
    assertThat(systems).as("the system prompt and the role:system message").isEqualTo(2);
    assertThat(body.getArray("tools").elements()).extracting(t -> t.asObject().getObject("function").getString("name"))
        .containsExactlyElementsOf(request.tools().stream().map(Tool::name).toList());
    for (int i = 0; i < request.tools().size(); i++) {
      JsonValue params = body.getArray("tools").get(i).asObject().getObject("function").get("parameters");
      assertThat(params).isEqualTo(request.tools().get(i).inputSchema());
    }
    assertThat(body.getString("reasoning_effort")).isEqualTo("medium");
    assertThat(body.getNumber("max_tokens").intValue()).isEqualTo(128000);
  }

  @ParameterizedTest
  @FieldSource("CAPTURES")
  void toolLoopKeepsCallsResultsAndErrors(String name) {
    MessagesRequest request = AnthropicJson.request(Fixtures.claudeCodeBody(name));
    JsonArray messages = new ChatRequestEncoder(ChatDialect.DEFAULT, "openai").encode(request).getArray("messages");
    if (!name.equals("tool-read-turn2")) return;

    JsonObject assistant = messages.elements().stream().map(JsonValue::asObject)
        .filter(m -> "assistant".equals(m.getString("role"))).findFirst().orElseThrow();
    JsonObject call = assistant.getArray("tool_calls").get(0).asObject();
    assertThat(call.getString("id")).isEqualTo("toolu_qxwXxfFeiog5hvwBecYXEWr3");
    assertThat(call.getObject("function").getString("arguments")).isEqualTo("{\"file_path\":\"mock-file_path\"}");
    JsonObject tool = messages.elements().stream().map(JsonValue::asObject)
        .filter(m -> "tool".equals(m.getString("role"))).findFirst().orElseThrow();
    assertThat(tool.getString("tool_call_id")).isEqualTo("toolu_qxwXxfFeiog5hvwBecYXEWr3");
    assertThat(tool.getString("content")).startsWith("Error: File does not exist.");
  }
}
