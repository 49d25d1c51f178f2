package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.testing.Fixtures;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official Anthropic Java SDK against the running proxy, with an OpenAI-compatible upstream behind it. */
class AnthropicSdkEndToEndTest {
  MockWebServer upstream;
  CcrServer server;
  AnthropicClient sdk;

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    server = startServer(null);
    sdk = client("unused");
  }

  private CcrServer startServer(String apiKey) throws Exception {
    CcrConfig config = CcrConfig.parse("{RETRY: {attempts: 1}, " + (apiKey == null ? "" : "APIKEY: '" + apiKey + "', ")
        + "Providers: [{name: 'local', api_base_url: '" + upstream.url("/v1/chat/completions")
        + "', api_key: 'sk-upstream', models: ['qwen3', 'qwen3-thinking']}],"
        + " Router: {default: 'local,qwen3', think: 'local,qwen3-thinking'}}");
    return CcrServer.start(ClaudeCodeRouter.builder().config(config).build(), "127.0.0.1", 0);
  }

  private AnthropicClient client(String key) {
    return AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + server.port()).apiKey(key).maxRetries(0).build();
  }

  @AfterEach
  void stop() {
    sdk.close();
    server.close();
    upstream.close();
  }

  private void reply(String json) {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(json).build());
  }

  private void stream(String... chunks) {
    StringBuilder sb = new StringBuilder();
    for (String c : chunks) sb.append("data: ").append(c).append("\n\n");
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
        .body(sb.append("data: [DONE]\n\n").toString()).build());
  }

  static String chunk(String delta, String finish) {
    return "{\"id\":\"c\",\"model\":\"qwen3\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
        + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
  }

  static final String USAGE = "{\"id\":\"c\",\"model\":\"qwen3\",\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":4}}";

  static MessageCreateParams.Builder params() {
    return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(256).addUserMessage("What is the weather in Paris?");
  }

  @Test
  void nonStreamMessage() {
    reply("{\"id\":\"c\",\"model\":\"qwen3\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Sunny.\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":2}}");

    Message m = sdk.messages().create(params().build());

    assertThat(m.content()).hasSize(1);
    assertThat(m.content().get(0).asText().text()).isEqualTo("Sunny.");
    assertThat(m.stopReason()).contains(StopReason.END_TURN);
    assertThat(m.usage().inputTokens()).isEqualTo(11);
  }

  @Test
  void streamWithTheSdksAccumulator() {
    stream(chunk("{\"role\":\"assistant\",\"content\":\"Sun\"}", null), chunk("{\"content\":\"ny.\"}", null),
        chunk("{}", "stop"), USAGE);

    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> events = sdk.messages().createStreaming(params().build())) {
      events.stream().forEach(acc::accumulate);
    }

    Message m = acc.message();
    assertThat(m.content().get(0).asText().text()).isEqualTo("Sunny.");
    assertThat(m.usage().outputTokens()).isEqualTo(4);
  }

  @Test
  void toolUseRoundTrip() throws Exception {
    Tool weather = Tool.builder().name("get_weather").description("Weather for a city")
        .inputSchema(Tool.InputSchema.builder().properties(JsonValue.from(Map.of("city", Map.of("type", "string")))).build())
        .build();
    stream(chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
        + "\"arguments\":\"{\\\"city\\\":\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}", null), chunk("{}", "tool_calls"), USAGE);

    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> events = sdk.messages().createStreaming(params().addTool(weather).build())) {
      events.stream().forEach(acc::accumulate);
    }
    Message first = acc.message();
    assertThat(first.stopReason()).contains(StopReason.TOOL_USE);
    ToolUseBlock call = first.content().stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow().asToolUse();
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call._input().toString()).contains("Paris");

    reply("{\"id\":\"c2\",\"model\":\"qwen3\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"It is 21C.\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":4}}");
    Message second = sdk.messages().create(params().addTool(weather).addMessage(first)
        .addUserMessageOfContentBlockParams(List.of(com.anthropic.models.messages.ContentBlockParam.ofToolResult(
            ToolResultBlockParam.builder().toolUseId(call.id()).content("21C and sunny").build())))
        .build());

    assertThat(second.content().get(0).asText().text()).isEqualTo("It is 21C.");
    upstream.takeRequest();
    JsonObject sent = (JsonObject) Json.parse(upstream.takeRequest().getBody().utf8());
    List<dev.ccr.json.JsonValue> messages = sent.getArray("messages").elements();
    JsonObject tool = messages.get(messages.size() - 1).asObject();
    assertThat(tool.getString("role")).isEqualTo("tool");
    assertThat(tool.getString("tool_call_id")).isEqualTo(call.id());
    assertThat(tool.getString("content")).isEqualTo("21C and sunny");
  }

  @Test
  void thinkingRoutesToTheThinkModelAndComesBackSigned() throws Exception {
    stream(chunk("{\"reasoning_content\":\"Paris in spring...\"}", null), chunk("{\"content\":\"Mild.\"}", null),
        chunk("{}", "stop"), USAGE);

    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> events = sdk.messages().createStreaming(params()
        .thinking(com.anthropic.models.messages.ThinkingConfigEnabled.builder().budgetTokens(2048).build()).build())) {
      events.stream().forEach(acc::accumulate);
    }

    Message m = acc.message();
    assertThat(m.content().get(0).asThinking().thinking()).isEqualTo("Paris in spring...");
    assertThat(m.content().get(0).asThinking().signature()).isNotEmpty();
    assertThat(m.content().get(1).asText().text()).isEqualTo("Mild.");
    assertThat(((JsonObject) Json.parse(upstream.takeRequest().getBody().utf8())).getString("model")).isEqualTo("qwen3-thinking");
  }

  @Test
  void upstreamRateLimitIsTheSdksRateLimitException() {
    upstream.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "1")
        .body("{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}").build());

    assertThatThrownBy(() -> sdk.messages().create(params().build()))
        .isInstanceOf(RateLimitException.class)
        .hasMessageContaining("slow down");
  }

  @Test
  void countTokens() {
    long tokens = sdk.messages().countTokens(MessageCountTokensParams.builder().model("claude-sonnet-4-5")
        .addUserMessage("hello world").build()).inputTokens();

    assertThat(tokens).isEqualTo(2);
    assertThat(upstream.getRequestCount()).isZero();
  }

  @Test
  void wrongKeyIsTheSdksAuthenticationError() throws Exception {
    server.close();
    server = startServer("right-key");

    AnthropicClient wrong = client("wrong-key");
    AnthropicClient right = client("right-key");
    try {
      assertThatThrownBy(() -> wrong.messages().create(params().build())).isInstanceOf(UnauthorizedException.class);
      reply("{\"id\":\"c\",\"model\":\"qwen3\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
          + "\"finish_reason\":\"stop\"}]}");
      assertThat(right.messages().create(params().build()).content().get(0).asText().text()).isEqualTo("ok");
    } finally {
      wrong.close();
      right.close();
    }
  }

  @Test
  void aClaudeCodeCaptureReachesTheUpstreamTranslatedWhole() throws Exception {
    stream(chunk("{\"content\":\"hi\"}", "stop"), USAGE);
    JsonObject capture = Fixtures.claudeCodeCapture("tool-read-turn2");
    Request.Builder request = new Request.Builder().url("http://127.0.0.1:" + server.port() + "/v1/messages?beta=true")
        .post(RequestBody.create(capture.getObject("body").toJson(), MediaType.get("application/json")));
    capture.getObject("headers").members().forEach((k, v) -> {
      if (!k.equals("connection") && !k.equals("accept-encoding")) request.header(k, v.asString());
    });

    try (Response r = new OkHttpClient().newCall(request.build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("x-ccr-route")).isEqualTo("local,qwen3-thinking; scenario=think");
      assertThat(r.body().string()).contains("event: message_stop");
    }

    JsonObject sent = (JsonObject) Json.parse(upstream.takeRequest().getBody().utf8());
    assertThat(sent.getString("model")).isEqualTo("qwen3-thinking");
    assertThat(sent.getArray("tools").size()).isEqualTo(12);
    assertThat(sent.getArray("messages").elements()).extracting(m -> m.asObject().getString("role"))
        .containsExactly("system", "user", "system", "assistant", "tool");
  }
}
