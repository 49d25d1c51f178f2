package dev.ccr.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.EventStream;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessageAccumulator;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.testing.Fixtures;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole path with discovered plug-ins: config.json names, translation, transformers, HTTP. */
class OpenAiCompatibleProviderTest {
  MockWebServer upstream;
  ClaudeCodeRouter ccr;

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
  }

  @AfterEach
  void stop() {
    if (ccr != null) ccr.close();
    upstream.close();
  }

  private ClaudeCodeRouter router(String use) {
    String config = "{Providers: [{name: 'local', api_base_url: '" + upstream.url("/v1") + "', api_key: 'sk-local',"
        + " models: ['qwen3'], transformer: {use: " + use + "}}], Router: {default: 'local,qwen3'}}";
    return ccr = ClaudeCodeRouter.builder().config(CcrConfig.parse(config)).build();
  }

  @Test
  void claudeCodeCaptureStreamsThroughAnOpenAiCompatibleServer() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(
        "data: {\"id\":\"c1\",\"model\":\"qwen3\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}\n\n"
            + "data: {\"id\":\"c1\",\"model\":\"qwen3\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: {\"id\":\"c1\",\"model\":\"qwen3\",\"choices\":[],\"usage\":{\"prompt_tokens\":12000,\"completion_tokens\":2}}\n\n"
            + "data: [DONE]\n\n").build());
    MessagesRequest request = AnthropicJson.request(Fixtures.claudeCodeBody("say-hi"));

    MessageAccumulator acc = new MessageAccumulator();
    try (EventStream<StreamEvent> events = router("['openai', 'cleancache']").stream(request)) {
      events.forEachRemaining(acc::accept);
    }

    assertThat(acc.message().text()).isEqualTo("Hi there");
    assertThat(acc.message().usage().inputTokens()).isEqualTo(12000);
    RecordedRequest sent = upstream.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-local");
    JsonObject body = (JsonObject) Json.parse(sent.getBody().utf8());
    assertThat(body.getString("model")).isEqualTo("qwen3");
    assertThat(body.getBoolean("stream")).isTrue();
    assertThat(body.getObject("stream_options").getBoolean("include_usage")).isTrue();
    assertThat(body.getArray("tools").size()).isEqualTo(12);
    assertThat(body.toJson()).doesNotContain("cache_control");
  }

  @Test
  void nonStreamToolCallWithRepairedArgumentsComesBackAsToolUse() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(
        "{\"id\":\"c2\",\"model\":\"qwen3\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
            + "\"tool_calls\":[{\"id\":\"call_9\",\"type\":\"function\",\"function\":{\"name\":\"Read\","
            + "\"arguments\":\"{'file_path': '/etc/hosts',}\"}}]},\"finish_reason\":\"tool_calls\"}],"
            + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5}}").build());
    MessagesRequest request = AnthropicJson.request(Fixtures.claudeCodeBody("tool-read-turn2"));

    var response = router("[['enhancetool'], 'openai']").send(request);

    assertThat(response.stopReason()).isEqualTo("tool_use");
    ToolUseBlock call = (ToolUseBlock) response.content().get(0);
    assertThat(call.id()).isEqualTo("call_9");
    assertThat(call.input()).isEqualTo(Json.parse("{\"file_path\":\"/etc/hosts\"}"));
    JsonObject body = (JsonObject) Json.parse(upstream.takeRequest().getBody().utf8());
    assertThat(body.has("stream")).isFalse();
  }

  @Test
  void entryWithoutAUseListIsOpenAiCompatible() {
    assertThat(chatCompletionsUrl("http://localhost:11434")).isEqualTo("http://localhost:11434/v1/chat/completions");
    assertThat(chatCompletionsUrl("https://api.deepseek.com/chat/completions"))
        .isEqualTo("https://api.deepseek.com/chat/completions");
    assertThat(chatCompletionsUrl("https://openrouter.ai/api/v1/")).isEqualTo("https://openrouter.ai/api/v1/chat/completions");
    // Once this doubled the path.
    assertThat(chatCompletionsUrl("https://api.deepseek.com/chat/completions/"))
        .isEqualTo("https://api.deepseek.com/chat/completions");
    assertThat(router("[]").route(MessagesRequest.builder().model("x").build()).target()).isEqualTo("local,qwen3");
  }

  private static String chatCompletionsUrl(String base) {
    return OpenAiApiProvider.endpointUrl(base, "/chat/completions");
  }
}
