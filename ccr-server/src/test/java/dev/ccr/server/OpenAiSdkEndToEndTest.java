package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK against the running proxy's /v1/chat/completions, an OpenAI-compatible upstream behind it. */
class OpenAiSdkEndToEndTest {
  MockWebServer upstream;
  CcrServer server;
  OpenAIClient sdk;

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    CcrConfig config = CcrConfig.parse("{RETRY: {attempts: 1}, APIKEY: 'ccr-key', Providers: [{name: 'local', api_base_url: '"
        + upstream.url("/v1/chat/completions") + "', api_key: 'sk-upstream', models: ['qwen3']}],"
        + " Router: {default: 'local,qwen3'}}");
    server = CcrServer.start(ClaudeCodeRouter.builder().config(config).build(), "127.0.0.1", 0);
    sdk = client("ccr-key");
  }

  private OpenAIClient client(String key) {
    // The SDK's documented base URL form: it appends /chat/completions.
    return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + server.port() + "/v1").apiKey(key).maxRetries(0)
        .build();
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

  private void stream(String body) {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body).build());
  }

  private static String events(String... chunks) {
    StringBuilder sb = new StringBuilder();
    for (String c : chunks) sb.append("data: ").append(c).append("\n\n");
    return sb.append("data: [DONE]\n\n").toString();
  }

  private JsonObject upstreamBody() throws InterruptedException {
    RecordedRequest r = upstream.takeRequest();
    return Json.parse(r.getBody().utf8()).asObject();
  }

  static ChatCompletionCreateParams.Builder params() {
    return ChatCompletionCreateParams.builder().model("gpt-4o").addSystemMessage("Be brief.")
        .addUserMessage("What is the weather in Paris?");
  }

  @Test
  void nonStreamCompletion() throws Exception {
    reply("{\"id\":\"c\",\"model\":\"qwen3\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Sunny.\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":2,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":4}}}");

    ChatCompletion c = sdk.chat().completions().create(params().build());

    assertThat(c.choices()).hasSize(1);
    assertThat(c.choices().get(0).message().content()).contains("Sunny.");
    assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(11);
    assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(2);
    assertThat(c.usage().orElseThrow().totalTokens()).isEqualTo(13);
    assertThat(c.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens()).contains(4L);
    JsonObject sent = upstreamBody();
    assertThat(sent.getString("model")).isEqualTo("qwen3"); // the Router's default, not the client's name
    assertThat(sent.getArray("messages").get(0).asObject().getString("role")).isEqualTo("system");
  }

  @Test
  void streamWithUsage() throws Exception {
    stream(events(chunk("{\"role\":\"assistant\",\"content\":\"Sun\"}", null), chunk("{\"content\":\"ny.\"}", null),
        chunk("{}", "stop"), USAGE));

    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> events = sdk.chat().completions().createStreaming(params()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      events.stream().forEach(c -> chunks.add(acc.accumulate(c)));
    }

    ChatCompletion c = acc.chatCompletion();
    assertThat(c.choices().get(0).message().content()).contains("Sunny.");
    assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().orElseThrow().promptTokens()).isEqualTo(11);
    assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(4);
    assertThat(upstreamBody().getObject("stream_options").getBoolean("include_usage")).isTrue();
  }

  @Test
  void toolRoundTrip() throws Exception {
    FunctionDefinition weather = FunctionDefinition.builder().name("get_weather").description("Weather for a city")
        .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string")))).build())
        .build();
    stream(events(chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":"
        + "\"get_weather\",\"arguments\":\"{\\\"city\\\":\"}}]}", null),
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}", null),
        chunk("{}", "tool_calls"), USAGE));

    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> events =
        sdk.chat().completions().createStreaming(params().addFunctionTool(weather).build())) {
      events.stream().forEach(acc::accumulate);
    }
    ChatCompletion first = acc.chatCompletion();
    assertThat(first.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    ChatCompletionMessageFunctionToolCall call = first.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(Json.parse(call.function().arguments())).isEqualTo(Json.parse("{\"city\":\"Paris\"}"));
    upstreamBody();

    reply("{\"id\":\"c2\",\"model\":\"qwen3\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"Sunny in Paris.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":4}}");
    ChatCompletion second = sdk.chat().completions().create(params().addFunctionTool(weather)
        .addMessage(first.choices().get(0).message())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("18C, sunny").build()).build());

    assertThat(second.choices().get(0).message().content()).contains("Sunny in Paris.");
    JsonObject sent = upstreamBody();
    JsonObject assistant = sent.getArray("messages").get(2).asObject();
    assertThat(assistant.getArray("tool_calls").get(0).asObject().getString("id")).isEqualTo(call.id());
    JsonObject tool = sent.getArray("messages").get(3).asObject();
    assertThat(tool.getString("role")).isEqualTo("tool");
    assertThat(tool.getString("tool_call_id")).isEqualTo(call.id());
    assertThat(tool.getString("content")).isEqualTo("18C, sunny");
  }

  @Test
  void upstreamRateLimitReachesTheSdkWithItsRetryAfter() {
    upstream.enqueue(new MockResponse.Builder().code(429).setHeader("retry-after", "7")
        .setHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}").build());

    assertThatThrownBy(() -> sdk.chat().completions().create(params().build()))
        .isInstanceOfSatisfying(RateLimitException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(429);
          assertThat(e.headers().values("retry-after")).containsExactly("7");
          assertThat(e.getMessage()).contains("Rate limit reached");
        });
  }

  @Test
  void midStreamCutIsAnErrorTheSdkRaises() {
    // The upstream sends some text, then its stream ends with no finish reason and no [DONE].
    stream("data: " + chunk("{\"role\":\"assistant\",\"content\":\"Sun\"}", null) + "\n\n");

    List<String> seen = new ArrayList<>();
    assertThatThrownBy(() -> {
      try (StreamResponse<ChatCompletionChunk> events = sdk.chat().completions().createStreaming(params().build())) {
        events.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(seen::add)));
      }
    }).isInstanceOf(SseException.class);
    assertThat(String.join("", seen)).isEqualTo("Sun");
  }

  @Test
  void wrongKeyIsUnauthorizedInOpenAiFormat() {
    OpenAIClient wrong = client("not-the-key");
    try {
      assertThatThrownBy(() -> wrong.chat().completions().create(params().build()))
          .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.code()).contains("invalid_api_key"));
    } finally {
      wrong.close();
    }
    assertThat(upstream.getRequestCount()).isZero();
  }

  static String chunk(String delta, String finish) {
    return "{\"id\":\"c\",\"model\":\"qwen3\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
        + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
  }

  static final String USAGE =
      "{\"id\":\"c\",\"model\":\"qwen3\",\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":4}}";
}
