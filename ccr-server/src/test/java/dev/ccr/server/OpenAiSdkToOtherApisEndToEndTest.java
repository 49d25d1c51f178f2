package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.core.JsonValue;
import com.openai.errors.OpenAIException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official OpenAI Java SDK on the running server's /v1/chat/completions, with providers behind
 * it that speak no Chat Completions: the OpenAI Responses API, Gemini on Vertex AI and Claude on
 * Vertex AI (Google's token endpoint a stand-in too); and Vertex AI's own Chat Completions
 * endpoint. Whole answers, streams with usage, tool calls, and errors before and in the middle of
 * a stream, each in the SDK's own terms.
 */
class OpenAiSdkToOtherApisEndToEndTest {
  @TempDir
  Path dir;
  MockWebServer responses;
  MockWebServer vertex;
  GoogleStandIn google;
  CcrServer server;
  OpenAIClient sdk;

  @BeforeEach
  void start() throws Exception {
    google = new GoogleStandIn();
    responses = new MockWebServer();
    responses.start();
    vertex = new MockWebServer();
    vertex.start();
    String onVertex = "api_base_url: '" + vertex.url("/") + "', project: 'my-proj', location: 'us-east5', credentials: '"
        + google.writeKey(dir) + "'";
    CcrConfig config = CcrConfig.parse("{RETRY: {attempts: 1}, Providers: ["
        + "{name: 'codex', api_base_url: '" + responses.url("/v1/responses") + "', api_key: 'sk-upstream',"
        + " models: ['gpt-5-codex'], transformer: {use: ['openai-responses']}},"
        + "{name: 'vc', models: ['claude-sonnet-4-5@20250929'], transformer: {use: ['vertex-claude']}, " + onVertex + "},"
        + "{name: 'vg', models: ['gemini-2.5-pro'], transformer: {use: ['vertex-gemini']}, " + onVertex + "},"
        + "{name: 'vo', models: ['google/gemini-2.5-flash'], transformer: {use: ['vertex-openai']}, " + onVertex + "}],"
        + " Router: {default: 'codex,gpt-5-codex'}}");
    server = CcrServer.start(ClaudeCodeRouter.builder().config(config).build(), "127.0.0.1", 0);
    sdk = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + server.port() + "/v1").apiKey("unused").maxRetries(0)
        .build();
  }

  @AfterEach
  void stop() {
    sdk.close();
    server.close();
    responses.close();
    vertex.close();
    google.close();
  }

  private static ChatCompletionCreateParams.Builder params(String model) {
    return ChatCompletionCreateParams.builder().model(model).addSystemMessage("Be brief.")
        .addUserMessage("What is the weather in Paris?");
  }

  private static ChatCompletionCreateParams streamParams(String model) {
    return params(model).streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
  }

  /** The chunks of a stream, all of them read; the accumulated completion is in {@code acc}. */
  private List<ChatCompletionChunk> stream(ChatCompletionCreateParams params, ChatCompletionAccumulator acc) {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> events = sdk.chat().completions().createStreaming(params)) {
      events.stream().forEach(c -> chunks.add(acc.accumulate(c)));
    }
    return chunks;
  }

  private static void enqueue(MockWebServer server, String contentType, String body) {
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", contentType).body(body).build());
  }

  private static JsonObject body(RecordedRequest r) {
    return Json.parse(r.getBody().utf8()).asObject();
  }

  private static void assertText(ChatCompletion c, String text) {
    assertThat(c.choices()).hasSize(1);
    assertThat(c.choices().get(0).message().content()).contains(text);
    assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
  }

  /** The usage chunk: the last, with no choices. */
  private static CompletionUsage usageChunk(List<ChatCompletionChunk> chunks) {
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    return last.usage().orElseThrow();
  }

  private static void assertUsage(CompletionUsage usage, long prompt, long completion, long cached) {
    assertThat(usage.promptTokens()).isEqualTo(prompt);
    assertThat(usage.completionTokens()).isEqualTo(completion);
    assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(cached);
  }

  // ---- OpenAI Responses API

  /** Responses API events, each given as its type, a space and its members after {@code type}. */
  private static String responsesEvents(String... events) {
    StringBuilder sb = new StringBuilder();
    int sequence = 0;
    for (String e : events) {
      String type = e.substring(0, e.indexOf(' '));
      sb.append("event: ").append(type).append("\ndata: {\"type\":\"").append(type).append("\",\"sequence_number\":")
          .append(sequence++).append(',').append(e.substring(e.indexOf(' ') + 1)).append("}\n\n");
    }
    return sb.toString();
  }

  private static final String RESPONSES_USAGE = "\"usage\":{\"input_tokens\":30,\"input_tokens_details\":{\"cached_tokens\":10},"
      + "\"output_tokens\":12,\"output_tokens_details\":{\"reasoning_tokens\":8},\"total_tokens\":42}";
  private static final String MESSAGE_ITEM = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"status\":"
      + "\"completed\",\"content\":[{\"type\":\"output_text\",\"text\":\"Sunny.\",\"annotations\":[]}]}";
  private static final String CREATED = "response.created \"response\":{\"id\":\"resp_1\",\"object\":\"response\","
      + "\"status\":\"in_progress\",\"model\":\"gpt-5-codex\",\"output\":[]}";
  private static final String ITEM_ADDED = "response.output_item.added \"output_index\":0,\"item\":{\"id\":\"msg_1\","
      + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}";

  private static String textDelta(String text) {
    return "response.output_text.delta \"output_index\":0,\"content_index\":0,\"item_id\":\"msg_1\",\"delta\":\"" + text + "\"";
  }

  @Test
  void responsesApiAnswersAWholeCompletion() throws Exception {
    enqueue(responses, "application/json", "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
        + "\"model\":\"gpt-5-codex\",\"output\":[" + MESSAGE_ITEM + "]," + RESPONSES_USAGE + "}");

    ChatCompletion c = sdk.chat().completions().create(params("codex,gpt-5-codex").build());

    assertText(c, "Sunny.");
    assertUsage(c.usage().orElseThrow(), 30, 12, 10);
    RecordedRequest sent = responses.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/responses");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-upstream");
    JsonObject body = body(sent);
    assertThat(body.getString("model")).isEqualTo("gpt-5-codex");
    assertThat(body.getString("instructions")).isEqualTo("Be brief.");
    assertThat(body.getArray("input").get(0).asObject().getString("role")).isEqualTo("user");
    assertThat(body.has("stream")).isFalse();
  }

  @Test
  void responsesApiStreamsWithUsage() throws Exception {
    enqueue(responses, "text/event-stream", responsesEvents(CREATED, ITEM_ADDED, textDelta("Sun"), textDelta("ny."),
        "response.completed \"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
            + "\"model\":\"gpt-5-codex\",\"output\":[" + MESSAGE_ITEM + "]," + RESPONSES_USAGE + "}"));

    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    List<ChatCompletionChunk> chunks = stream(streamParams("codex,gpt-5-codex"), acc);

    assertText(acc.chatCompletion(), "Sunny.");
    assertUsage(usageChunk(chunks), 30, 12, 10);
    assertThat(body(responses.takeRequest()).getBoolean("stream")).isTrue();
  }

  @Test
  void responsesApiFailureMidStreamIsAnErrorTheSdkRaises() {
    enqueue(responses, "text/event-stream", responsesEvents(CREATED, ITEM_ADDED, textDelta("Part"),
        "response.failed \"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"failed\","
            + "\"error\":{\"code\":\"server_error\",\"message\":\"The model crashed\"},\"output\":[]}"));

    List<String> seen = new ArrayList<>();
    assertThatThrownBy(() -> stream(streamParams("codex,gpt-5-codex"), ChatCompletionAccumulator.create())
        .forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(seen::add))))
        .isInstanceOf(OpenAIException.class).hasMessageContaining("The model crashed");
  }

  @Test
  void responsesApiToolCallStreamsAsToolCallsWithJsonArguments() throws Exception {
    FunctionDefinition weather = FunctionDefinition.builder().name("get_weather").description("Weather for a city")
        .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string")))).build())
        .build();
    String call = "{\"id\":\"fc_1\",\"type\":\"function_call\",\"status\":\"completed\",\"call_id\":\"call_7\","
        + "\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}";
    enqueue(responses, "text/event-stream", responsesEvents(CREATED,
        "response.output_item.added \"output_index\":0,\"item\":{\"id\":\"fc_1\",\"type\":\"function_call\","
            + "\"status\":\"in_progress\",\"call_id\":\"call_7\",\"name\":\"get_weather\",\"arguments\":\"\"}",
        "response.function_call_arguments.delta \"output_index\":0,\"item_id\":\"fc_1\",\"delta\":\"{\\\"city\\\":\"",
        "response.function_call_arguments.delta \"output_index\":0,\"item_id\":\"fc_1\",\"delta\":\"\\\"Paris\\\"}\"",
        "response.output_item.done \"output_index\":0,\"item\":" + call,
        "response.completed \"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
            + "\"model\":\"gpt-5-codex\",\"output\":[" + call + "]," + RESPONSES_USAGE + "}"));

    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    stream(params("codex,gpt-5-codex").addFunctionTool(weather).build(), acc);

    ChatCompletion c = acc.chatCompletion();
    assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    ChatCompletionMessageFunctionToolCall tool = c.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(tool.id()).isEqualTo("call_7");
    assertThat(tool.function().name()).isEqualTo("get_weather");
    assertThat(Json.parse(tool.function().arguments())).isEqualTo(Json.parse("{\"city\":\"Paris\"}"));
    JsonObject sentTool = body(responses.takeRequest()).getArray("tools").get(0).asObject();
    assertThat(sentTool.getString("name")).isEqualTo("get_weather");
    assertThat(sentTool.getString("type")).isEqualTo("function");
  }

  @Test
  void responsesApiRateLimitReachesTheSdkWithItsRetryAfter() {
    responses.enqueue(new MockResponse.Builder().code(429).setHeader("retry-after", "9")
        .setHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"Rate limit reached for gpt-5-codex\",\"type\":\"requests\","
            + "\"code\":\"rate_limit_exceeded\"}}").build());

    assertThatThrownBy(() -> sdk.chat().completions().create(params("codex,gpt-5-codex").build()))
        .isInstanceOfSatisfying(RateLimitException.class, e -> {
          assertThat(e.headers().values("retry-after")).containsExactly("9");
          assertThat(e.getMessage()).contains("Rate limit reached for gpt-5-codex");
        });
  }

  // ---- Gemini on Vertex AI

  private static String geminiChunk(String text, String finish, String usage) {
    return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"},\"index\":0"
        + (finish == null ? "" : ",\"finishReason\":\"" + finish + "\"") + "}]"
        + (usage == null ? "" : ",\"usageMetadata\":" + usage) + "}";
  }

  private static final String GEMINI_USAGE = "{\"promptTokenCount\":21,\"candidatesTokenCount\":3,\"totalTokenCount\":24,"
      + "\"cachedContentTokenCount\":5}";

  @Test
  void geminiOnVertexAnswersAWholeCompletion() throws Exception {
    enqueue(vertex, "application/json", geminiChunk("Sunny.", "STOP", GEMINI_USAGE));

    ChatCompletion c = sdk.chat().completions().create(params("vg,gemini-2.5-pro").build());

    assertText(c, "Sunny.");
    assertUsage(c.usage().orElseThrow(), 21, 3, 5);
    RecordedRequest sent = vertex.takeRequest();
    assertThat(sent.getUrl().encodedPath())
        .isEqualTo("/v1/projects/my-proj/locations/us-east5/publishers/google/models/gemini-2.5-pro:generateContent");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + GoogleStandIn.TOKEN);
    JsonObject body = body(sent);
    assertThat(body.getObject("systemInstruction").toJson()).contains("Be brief.");
    assertThat(body.getArray("contents").get(0).asObject().getString("role")).isEqualTo("user");
  }

  @Test
  void geminiOnVertexStreamsWithUsage() throws Exception {
    enqueue(vertex, "text/event-stream", "data: " + geminiChunk("Sun", null, null) + "\r\n\r\n"
        + "data: " + geminiChunk("ny.", "STOP", GEMINI_USAGE) + "\r\n\r\n");

    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    List<ChatCompletionChunk> chunks = stream(streamParams("vg,gemini-2.5-pro"), acc);

    assertText(acc.chatCompletion(), "Sunny.");
    assertUsage(usageChunk(chunks), 21, 3, 5);
    RecordedRequest sent = vertex.takeRequest();
    assertThat(sent.getUrl().encodedPath()).endsWith("/publishers/google/models/gemini-2.5-pro:streamGenerateContent");
    assertThat(sent.getUrl().queryParameter("alt")).isEqualTo("sse");
  }

  @Test
  void geminiOnVertexErrorMidStreamIsAnErrorTheSdkRaises() {
    enqueue(vertex, "text/event-stream", "data: " + geminiChunk("Part", null, null) + "\r\n\r\n"
        + "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}\r\n\r\n");

    assertThatThrownBy(() -> stream(streamParams("vg,gemini-2.5-pro"), ChatCompletionAccumulator.create()))
        .isInstanceOf(OpenAIException.class).hasMessageContaining("overloaded");
  }

  @Test
  void refusedGoogleCredentialsAreAnOpenAiAuthenticationErrorThatNeverShowsTheKey() {
    google.refuse();

    assertThatThrownBy(() -> sdk.chat().completions().create(params("vg,gemini-2.5-pro").build()))
        .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.getMessage())
            .contains("invalid_grant").doesNotContain("PRIVATE KEY"));
    assertThat(vertex.getRequestCount()).isZero();
  }

  // ---- Vertex AI's OpenAI-compatible endpoint

  @Test
  void vertexOpenAiEndpointGetsTheClientsOwnBodyWithAGoogleToken() throws Exception {
    enqueue(vertex, "application/json", "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":"
        + "\"google/gemini-2.5-flash\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
        + "\"Sunny.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":2}}");

    ChatCompletion c = sdk.chat().completions().create(params("vo,google/gemini-2.5-flash").seed(42).build());

    assertText(c, "Sunny.");
    RecordedRequest sent = vertex.takeRequest();
    assertThat(sent.getUrl().encodedPath())
        .isEqualTo("/v1/projects/my-proj/locations/us-east5/endpoints/openapi/chat/completions");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + GoogleStandIn.TOKEN);
    JsonObject body = body(sent);
    assertThat(body.getString("model")).isEqualTo("google/gemini-2.5-flash");
    assertThat(body.getNumber("seed").intValue()).as("the client's own members survive").isEqualTo(42);
  }

  // ---- Claude on Vertex AI

  private static String anthropicEvent(String type, String members) {
    return "event: " + type + "\ndata: {\"type\":\"" + type + "\"" + (members.isEmpty() ? "" : "," + members) + "}\n\n";
  }

  private static final String CLAUDE_START = anthropicEvent("message_start", "\"message\":{\"id\":\"msg_v\",\"type\":"
      + "\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,"
      + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":15,\"cache_read_input_tokens\":6,\"output_tokens\":1}}")
      + anthropicEvent("content_block_start", "\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}")
      + anthropicEvent("content_block_delta", "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Sun\"}");

  @Test
  void claudeOnVertexAnswersAWholeCompletion() throws Exception {
    enqueue(vertex, "application/json", "{\"id\":\"msg_v\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
        + "\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"Sunny.\"}],\"stop_reason\":\"end_turn\","
        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":15,\"cache_read_input_tokens\":6,\"output_tokens\":4}}");

    ChatCompletion c = sdk.chat().completions().create(params("vc,claude-sonnet-4-5@20250929").build());

    assertText(c, "Sunny.");
    assertUsage(c.usage().orElseThrow(), 21, 4, 6);
    RecordedRequest sent = vertex.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo(
        "/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + GoogleStandIn.TOKEN);
    JsonObject body = body(sent);
    assertThat(body.getString("anthropic_version")).isEqualTo("vertex-2023-10-16");
    assertThat(body.has("model")).isFalse();
    assertThat(body.toJson()).contains("Be brief.");
  }

  @Test
  void claudeOnVertexStreamsWithUsage() throws Exception {
    enqueue(vertex, "text/event-stream", CLAUDE_START
        + anthropicEvent("content_block_delta", "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"ny.\"}")
        + anthropicEvent("content_block_stop", "\"index\":0")
        + anthropicEvent("message_delta", "\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
            + "\"usage\":{\"output_tokens\":4}")
        + anthropicEvent("message_stop", ""));

    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    List<ChatCompletionChunk> chunks = stream(streamParams("vc,claude-sonnet-4-5@20250929"), acc);

    assertText(acc.chatCompletion(), "Sunny.");
    assertUsage(usageChunk(chunks), 21, 4, 6);
    assertThat(vertex.takeRequest().getUrl().encodedPath()).endsWith(":streamRawPredict");
  }

  @Test
  void claudeOnVertexErrorMidStreamIsAnErrorTheSdkRaises() {
    enqueue(vertex, "text/event-stream", CLAUDE_START
        + anthropicEvent("error", "\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}"));

    assertThatThrownBy(() -> stream(streamParams("vc,claude-sonnet-4-5@20250929"), ChatCompletionAccumulator.create()))
        .isInstanceOf(OpenAIException.class).hasMessageContaining("Overloaded");
  }
}
