package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.ThinkingConfigEnabled;
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
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Anthropic Java SDK against the running proxy, with an OpenAI Responses API stand-in behind it. */
class ResponsesEndToEndTest {
  MockWebServer upstream;
  CcrServer server;
  AnthropicClient sdk;

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    // The api_base_url alone picks the Responses API: no use list.
    CcrConfig config = CcrConfig.parse("{RETRY: {attempts: 1}, Providers: [{name: 'openai', api_base_url: '"
        + upstream.url("/v1/responses") + "', api_key: 'sk-upstream', models: ['gpt-5-codex']}],"
        + " Router: {default: 'openai,gpt-5-codex'}}");
    server = CcrServer.start(ClaudeCodeRouter.builder().config(config).build(), "127.0.0.1", 0);
    sdk = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + server.port()).apiKey("unused").maxRetries(0).build();
  }

  @AfterEach
  void stop() {
    sdk.close();
    server.close();
    upstream.close();
  }

  /** Responses API events, each given as its members after {@code type}. */
  private void stream(String... events) {
    StringBuilder sb = new StringBuilder();
    int sequence = 0;
    for (String e : events) {
      String type = e.substring(0, e.indexOf(' '));
      String members = e.substring(e.indexOf(' ') + 1);
      sb.append("event: ").append(type).append("\ndata: {\"type\":\"").append(type).append("\",\"sequence_number\":")
          .append(sequence++).append(members.isEmpty() ? "" : "," + members).append("}\n\n");
    }
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(sb.toString()).build());
  }

  private static final String CREATED = "response.created \"response\":{\"id\":\"resp_1\",\"object\":\"response\","
      + "\"status\":\"in_progress\",\"model\":\"gpt-5-codex\",\"output\":[]}";

  private static String completed(String output) {
    return "response.completed \"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
        + "\"model\":\"gpt-5-codex\",\"output\":" + output + ",\"usage\":{\"input_tokens\":30,\"input_tokens_details\":"
        + "{\"cached_tokens\":10},\"output_tokens\":12,\"output_tokens_details\":{\"reasoning_tokens\":8},\"total_tokens\":42}}";
  }

  private static MessageCreateParams.Builder params() {
    return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(4096).addUserMessage("Weather in Paris?");
  }

  private Message streamed(MessageCreateParams params) {
    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> events = sdk.messages().createStreaming(params)) {
      events.stream().forEach(acc::accumulate);
    }
    return acc.message();
  }

  @Test
  void thinkingAndAToolCallRoundTripWithTheReasoningState() throws Exception {
    Tool weather = Tool.builder().name("get_weather").description("Weather for a city")
        .inputSchema(Tool.InputSchema.builder().properties(JsonValue.from(Map.of("city", Map.of("type", "string")))).build())
        .build();
    String reasoning = "{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"Check it.\"}],"
        + "\"encrypted_content\":\"gAAAAB-e2e\"}";
    String call = "{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"completed\",\"call_id\":\"call_7\","
        + "\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}";
    stream(CREATED,
        "response.output_item.added \"output_index\":0,\"item\":{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[]}",
        "response.reasoning_summary_text.delta \"output_index\":0,\"summary_index\":0,\"item_id\":\"rs_1\",\"delta\":\"Check it.\"",
        "response.output_item.done \"output_index\":0,\"item\":" + reasoning,
        "response.output_item.added \"output_index\":1,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"in_progress\","
            + "\"call_id\":\"call_7\",\"name\":\"get_weather\",\"arguments\":\"\"}",
        "response.function_call_arguments.delta \"output_index\":1,\"item_id\":\"fc_1\",\"delta\":\"{\\\"city\\\":\\\"Paris\\\"}\"",
        "response.output_item.done \"output_index\":1,\"item\":" + call,
        completed("[" + reasoning + "," + call + "]"));

    MessageCreateParams.Builder first = params().addTool(weather)
        .thinking(ThinkingConfigEnabled.builder().budgetTokens(2048).build());
    Message turn = streamed(first.build());

    assertThat(turn.stopReason()).contains(StopReason.TOOL_USE);
    assertThat(turn.content().get(0).asThinking().thinking()).isEqualTo("Check it.");
    ToolUseBlock use = turn.content().stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow().asToolUse();
    assertThat(use.id()).isEqualTo("call_7");
    assertThat(turn.usage().cacheReadInputTokens()).contains(10L);

    stream(CREATED,
        "response.output_item.added \"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}",
        "response.output_text.delta \"output_index\":0,\"content_index\":0,\"item_id\":\"msg_1\",\"delta\":\"Sunny.\"",
        completed("[{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":"
            + "[{\"type\":\"output_text\",\"text\":\"Sunny.\",\"annotations\":[]}]}]"));
    Message answer = streamed(first.addMessage(turn).addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
        ToolResultBlockParam.builder().toolUseId(use.id()).content("21C").build()))).build());

    assertThat(answer.content().get(0).asText().text()).isEqualTo("Sunny.");
    RecordedRequest firstSent = upstream.takeRequest();
    assertThat(firstSent.getUrl().encodedPath()).isEqualTo("/v1/responses");
    assertThat(firstSent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-upstream");
    JsonObject second = (JsonObject) Json.parse(upstream.takeRequest().getBody().utf8());
    assertThat(second.getString("model")).isEqualTo("gpt-5-codex");
    assertThat(second.getArray("input").elements()).extracting(i -> i.asObject().getString("type"))
        .containsExactly("message", "reasoning", "function_call", "function_call_output");
    assertThat(second.getArray("input").get(1).asObject().getString("encrypted_content")).isEqualTo("gAAAAB-e2e");
  }

  @Test
  void aFailureMidStreamReachesTheSdkAsAnError() {
    stream(CREATED,
        "response.output_item.added \"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}",
        "response.output_text.delta \"output_index\":0,\"content_index\":0,\"item_id\":\"msg_1\",\"delta\":\"Part\"",
        "response.failed \"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"failed\","
            + "\"error\":{\"code\":\"server_error\",\"message\":\"The model crashed\"},\"output\":[]}");

    assertThatThrownBy(() -> streamed(params().build())).hasMessageContaining("The model crashed");
  }

  @Test
  void aClaudeCodeCaptureReachesTheResponsesApiTranslatedWhole() throws Exception {
    stream(CREATED,
        "response.output_item.added \"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}",
        "response.output_text.delta \"output_index\":0,\"content_index\":0,\"item_id\":\"msg_1\",\"delta\":\"hi\"",
        completed("[]"));
    JsonObject capture = Fixtures.claudeCodeCapture("tool-read-turn2");
    Request.Builder request = new Request.Builder().url("http://127.0.0.1:" + server.port() + "/v1/messages?beta=true")
        .post(RequestBody.create(capture.getObject("body").toJson(), MediaType.get("application/json")));
    capture.getObject("headers").members().forEach((k, v) -> {
      if (!k.equals("connection") && !k.equals("accept-encoding")) request.header(k, v.asString());
    });

    try (Response r = new OkHttpClient().newCall(request.build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains("event: message_stop", "\"text\":\"hi\"");
    }

    JsonObject sent = (JsonObject) Json.parse(upstream.takeRequest().getBody().utf8());
    assertThat(sent.getString("instructions")).isNotEmpty();
    assertThat(sent.getArray("tools").size()).isEqualTo(12);
    assertThat(sent.getArray("tools").elements()).allSatisfy(t -> assertThat(t.asObject().getBoolean("strict")).isFalse());
    assertThat(sent.getArray("input").elements()).extracting(i -> i.asObject().getString("type") + ":" + i.asObject().getString("role"))
        .containsExactly("message:user", "message:system", "function_call:null", "function_call_output:null");
  }
}
