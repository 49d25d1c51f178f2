package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

/** Raw HTTP against /v1/chat/completions, to each provider kind: what reaches the upstream and what comes back. */
class OpenAiChatEndpointTest {
  MockWebServer upstream;
  CcrServer server;
  final OkHttpClient http = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    CcrConfig config = CcrConfig.parse("{RETRY: {attempts: 1}, Providers: ["
        + "{name: 'oai', api_base_url: '" + upstream.url("/v1/chat/completions") + "', api_key: 'sk-o', models: ['gpt-x']},"
        + "{name: 'ant', api_base_url: '" + upstream.url("/v1/messages") + "', api_key: 'sk-ant', models: ['claude-x'],"
        + " transformer: {use: ['anthropic']}},"
        + "{name: 'gem', api_base_url: '" + upstream.url("/v1beta/models/") + "', api_key: 'AIza-test', models: ['gemini-x'],"
        + " transformer: {use: ['gemini']}}],"
        + " Router: {default: 'oai,gpt-x', think: 'ant,claude-x'}, fallback: {default: ['ant,claude-x']}}");
    server = CcrServer.start(ClaudeCodeRouter.builder().config(config).build(), "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    upstream.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private Response post(String path, String body) throws IOException {
    return http.newCall(new Request.Builder().url("http://127.0.0.1:" + server.port() + path)
        .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute();
  }

  private void reply(String contentType, String body) {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", contentType).body(body).build());
  }

  private static JsonObject json(Response r) throws IOException {
    return Json.parse(r.body().string()).asObject();
  }

  private static JsonObject obj(JsonValue v) {
    return v.asObject();
  }

  /** The {@code data:} payloads of an SSE body, in order. */
  private static List<String> data(String sse) {
    List<String> out = new ArrayList<>();
    for (String line : sse.split("\n")) {
      if (line.startsWith("data: ")) out.add(line.substring(6));
    }
    return out;
  }

  @Test
  void unknownMembersAndMessageDetailsSurviveToAnOpenAiCompatibleUpstream() throws Exception {
    reply("application/json", UpstreamReplies.OPENAI);
    String body = "{\"model\":\"oai,gpt-x\",\"seed\":7,\"logprobs\":true,\"service_tier\":\"flex\","
        + "\"vendor_extension\":{\"a\":[1,2.50,\"x\"]},\"max_completion_tokens\":99,"
        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"w\",\"schema\":{\"type\":\"object\"}}},"
        + "\"messages\":[{\"role\":\"developer\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"name\":\"ann\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\",\"detail\":\"high\"}}]}]}";

    try (Response r = post("/v1/chat/completions", body)) {
      assertThat(r.code()).isEqualTo(200);
      JsonObject c = json(r);
      assertThat(c.getString("object")).isEqualTo("chat.completion");
      assertThat(obj(obj(c.getArray("choices").get(0)).get("message")).getString("content")).isEqualTo("ok");
    }

    JsonObject sent = Json.parse(upstream.takeRequest().getBody().utf8()).asObject();
    JsonObject client = Json.parse(body).asObject();
    assertThat(sent.getString("model")).isEqualTo("gpt-x");
    for (String kept : List.of("seed", "logprobs", "service_tier", "vendor_extension", "max_completion_tokens",
        "response_format", "messages")) {
      assertThat(sent.get(kept)).as(kept).isEqualTo(client.get(kept));
    }
    assertThat(sent.get("vendor_extension").toJson()).isEqualTo("{\"a\":[1,2.50,\"x\"]}"); // numbers as written
    assertThat(sent.has("max_tokens")).isFalse(); // no default laid over the client's own limit
  }

  @Test
  void streamToAnOpenAiCompatibleUpstreamAsksForUsageAndEndsWithDone() throws Exception {
    reply("text/event-stream", "data: " + OpenAiSdkEndToEndTest.chunk("{\"content\":\"Hi\"}", null) + "\n\n"
        + "data: " + OpenAiSdkEndToEndTest.chunk("{}", "length") + "\n\n" + "data: " + OpenAiSdkEndToEndTest.USAGE
        + "\n\ndata: [DONE]\n\n");

    String sse;
    try (Response r = post("/chat/completions", "{\"model\":\"x\",\"stream\":true,\"stream_options\":{\"include_usage\":"
        + "false},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
      assertThat(r.header("Content-Type")).startsWith("text/event-stream");
      sse = r.body().string();
    }

    List<String> data = data(sse);
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    JsonObject finish = Json.parse(data.get(data.size() - 2)).asObject();
    assertThat(obj(finish.getArray("choices").get(0)).getString("finish_reason")).isEqualTo("length");
    assertThat(finish.has("usage")).isFalse(); // the client did not ask for usage
    JsonObject sent = Json.parse(upstream.takeRequest().getBody().utf8()).asObject();
    assertThat(sent.getObject("stream_options").getBoolean("include_usage")).isTrue(); // ccr counts tokens
  }

  @Test
  void anthropicUpstreamGetsATranslationAndItsAnswerComesBackInOpenAiForm() throws Exception {
    reply("application/json", "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\","
        + "\"content\":[{\"type\":\"thinking\",\"thinking\":\"Check the weather.\",\"signature\":\"sig\"},"
        + "{\"type\":\"text\",\"text\":\"Let me look.\"},"
        + "{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"get_weather\",\"input\":{\"city\":\"Oslo\"}}],"
        + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":30,\"output_tokens\":5}}");
    String png = "iVBORw0KGgo=";
    String body = "{\"model\":\"ant,claude-x\",\"max_tokens\":4096,\"reasoning_effort\":\"low\",\"stop\":\"END\","
        + "\"response_format\":{\"type\":\"json_object\"},\"tool_choice\":\"required\","
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
        + "\"properties\":{\"city\":{\"type\":\"string\"}}}}}],"
        + "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"developer\",\"content\":[{\"type\":\"text\","
        + "\"text\":\"Use metric.\"}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Compare\"},{\"type\":\"image_url\",\"image_url\":"
        + "{\"url\":\"data:image/png;base64," + png + "\"}},{\"type\":\"image_url\",\"image_url\":{\"url\":"
        + "\"https://example.com/b.jpg\"}}]},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_a\",\"type\":\"function\",\"function\":"
        + "{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}},{\"id\":\"call_b\",\"type\":\"function\","
        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"city=Rome\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_a\",\"content\":\"18C\"},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_b\",\"content\":\"bad arguments\"},"
        + "{\"role\":\"user\",\"content\":\"And Oslo?\"}]}";

    JsonObject c;
    try (Response r = post("/v1/chat/completions", body)) {
      assertThat(r.code()).isEqualTo(200);
      c = json(r);
    }

    RecordedRequest req = upstream.takeRequest();
    assertThat(req.getUrl().encodedPath()).isEqualTo("/v1/messages");
    JsonObject sent = Json.parse(req.getBody().utf8()).asObject();
    assertThat(sent.getString("model")).isEqualTo("claude-x");
    assertThat(sent.get("max_tokens").toJson()).isEqualTo("4096");
    assertThat(sent.has("thinking")).isFalse(); // the last assistant turn called tools: see the tool loop test
    assertThat(sent.getArray("stop_sequences")).isEqualTo(JsonArray.of(dev.ccr.json.JsonString.of("END")));
    assertThat(sent.getObject("tool_choice").getString("type")).isEqualTo("any");
    assertThat(obj(sent.getArray("tools").get(0)).getObject("input_schema").getString("type")).isEqualTo("object");
    String system = sent.get("system").toJson();
    assertThat(system).contains("Be brief.", "Use metric.", "JSON object");
    JsonArray messages = sent.getArray("messages");
    assertThat(messages.size()).isEqualTo(3); // user, assistant, then the tool results and the next question as one user turn
    JsonArray user = obj(messages.get(0)).getArray("content");
    assertThat(obj(obj(user.get(1)).get("source")).getString("type")).isEqualTo("base64");
    assertThat(obj(obj(user.get(1)).get("source")).getString("media_type")).isEqualTo("image/png");
    assertThat(obj(obj(user.get(1)).get("source")).getString("data")).isEqualTo(png);
    assertThat(obj(obj(user.get(2)).get("source")).getString("url")).isEqualTo("https://example.com/b.jpg");
    JsonArray assistant = obj(messages.get(1)).getArray("content");
    assertThat(obj(assistant.get(0)).get("input")).isEqualTo(Json.parse("{\"city\":\"Paris\"}"));
    assertThat(obj(assistant.get(1)).get("input")).isEqualTo(Json.parse("{\"_raw_arguments\":\"city=Rome\"}"));
    JsonArray results = obj(messages.get(2)).getArray("content");
    assertThat(obj(results.get(0)).getString("type")).isEqualTo("tool_result");
    assertThat(obj(results.get(0)).getString("tool_use_id")).isEqualTo("call_a");
    assertThat(obj(results.get(1)).getString("tool_use_id")).isEqualTo("call_b");
    assertThat(obj(results.get(2)).getString("text")).isEqualTo("And Oslo?");

    JsonObject choice = obj(c.getArray("choices").get(0));
    assertThat(choice.getString("finish_reason")).isEqualTo("tool_calls");
    JsonObject message = choice.getObject("message");
    assertThat(message.getString("content")).isEqualTo("Let me look.");
    assertThat(message.getString("reasoning_content")).isEqualTo("Check the weather.");
    JsonObject call = obj(message.getArray("tool_calls").get(0));
    assertThat(call.getString("id")).isEqualTo("toolu_9");
    assertThat(call.getObject("function").getString("arguments")).isEqualTo("{\"city\":\"Oslo\"}");
    assertThat(c.getObject("usage").get("prompt_tokens").toJson()).isEqualTo("40");
    assertThat(c.getObject("usage").get("total_tokens").toJson()).isEqualTo("45");
    assertThat(c.getObject("usage").getObject("prompt_tokens_details").get("cached_tokens").toJson()).isEqualTo("30");
  }

  @Test
  void anthropicStreamBecomesChunksWithToolCallsByIndex() throws Exception {
    reply("text/event-stream", sse(
        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
            + "\"claude-x\",\"content\":[],\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}",
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"On it.\"}}",
        "{\"type\":\"content_block_stop\",\"index\":0}",
        "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\","
            + "\"name\":\"get_weather\",\"input\":{}}}",
        "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"}}",
        "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Oslo\\\"}\"}}",
        "{\"type\":\"content_block_stop\",\"index\":1}",
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":9}}",
        "{\"type\":\"message_stop\"}"));

    String body;
    try (Response r = post("/v1/chat/completions", "{\"model\":\"ant,claude-x\",\"stream\":true,\"stream_options\":"
        + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Oslo?\"}]}")) {
      body = r.body().string();
    }

    List<String> data = data(body);
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    List<JsonObject> chunks = data.subList(0, data.size() - 1).stream().map(d -> Json.parse(d).asObject()).toList();
    assertThat(chunks).allSatisfy(ch -> assertThat(ch.getString("object")).isEqualTo("chat.completion.chunk"));
    JsonObject first = obj(chunks.get(0).getArray("choices").get(0)).getObject("delta");
    assertThat(first.getString("role")).isEqualTo("assistant");
    List<JsonObject> calls = new ArrayList<>();
    StringBuilder args = new StringBuilder();
    for (JsonObject ch : chunks) {
      if (ch.getArray("choices").isEmpty()) continue;
      JsonObject delta = obj(ch.getArray("choices").get(0)).getObject("delta");
      if (delta.getArray("tool_calls") == null) continue;
      JsonObject call = obj(delta.getArray("tool_calls").get(0));
      calls.add(call);
      args.append(call.getObject("function").getString("arguments"));
    }
    assertThat(calls.get(0).getString("id")).isEqualTo("toolu_1");
    assertThat(calls.get(0).getObject("function").getString("name")).isEqualTo("get_weather");
    assertThat(calls).allSatisfy(call -> assertThat(call.get("index").toJson()).isEqualTo("0"));
    assertThat(calls.subList(1, calls.size())).allSatisfy(call -> assertThat(call.has("id")).isFalse());
    assertThat(Json.parse(args.toString())).isEqualTo(Json.parse("{\"city\":\"Oslo\"}"));
    JsonObject usage = chunks.get(chunks.size() - 1);
    assertThat(usage.getArray("choices").isEmpty()).isTrue();
    assertThat(usage.getObject("usage").get("completion_tokens").toJson()).isEqualTo("9");
    JsonObject finish = chunks.get(chunks.size() - 2);
    assertThat(obj(finish.getArray("choices").get(0)).getString("finish_reason")).isEqualTo("tool_calls");
  }

  @Test
  void geminiUpstreamStreamsBackAsChunks() throws Exception {
    reply("text/event-stream", UpstreamReplies.reply("/v1beta/models/x", true));

    String body;
    try (Response r = post("/v1/chat/completions", "{\"model\":\"gem,gemini-x\",\"stream\":true,\"stream_options\":"
        + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
      assertThat(r.code()).isEqualTo(200);
      body = r.body().string();
    }

    RecordedRequest req = upstream.takeRequest();
    assertThat(req.getUrl().encodedPath()).startsWith("/v1beta/models/gemini-x:streamGenerateContent");
    assertThat(Json.parse(req.getBody().utf8()).asObject().has("contents")).isTrue();
    List<String> data = data(body);
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    StringBuilder text = new StringBuilder();
    for (String d : data.subList(0, data.size() - 1)) {
      JsonObject ch = Json.parse(d).asObject();
      if (ch.getArray("choices").isEmpty()) {
        assertThat(ch.getObject("usage").get("prompt_tokens").toJson()).isEqualTo("3");
        continue;
      }
      String t = obj(ch.getArray("choices").get(0)).getObject("delta").getString("content");
      if (t != null) text.append(t);
    }
    assertThat(text.toString()).isEqualTo("ok");
  }

  @Test
  void anyOtherModelNameRoutesByTheRouterTableThinkRuleIncluded() throws Exception {
    reply("application/json", UpstreamReplies.ANTHROPIC);

    try (Response r = post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"reasoning_effort\":\"high\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Think hard.\"}]}")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("x-ccr-route")).contains("ant,claude-x");
    }
    JsonObject sent = Json.parse(upstream.takeRequest().getBody().utf8()).asObject();
    assertThat(sent.getObject("thinking").getString("type")).isEqualTo("enabled");
    assertThat(sent.get("max_tokens").toJson()).isEqualTo(String.valueOf(24_576 + 8192)); // thinking plus the default
  }

  @Test
  void aToolLoopStaysOnTheThinkRouteWithoutTheThinkingAnthropicWouldWantSignedBack() throws Exception {
    reply("application/json", UpstreamReplies.ANTHROPIC);

    try (Response r = post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"reasoning_effort\":\"high\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"Weather?\"},{\"role\":\"assistant\",\"reasoning_content\":\"Look it up.\","
        + "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"w\",\"arguments\":\"{}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"}]}")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("x-ccr-route")).contains("ant,claude-x");
    }
    JsonObject sent = Json.parse(upstream.takeRequest().getBody().utf8()).asObject();
    assertThat(sent.has("thinking")).isFalse();
    assertThat(sent.get("max_tokens").toJson()).isEqualTo(String.valueOf(24_576 + 8192));
  }

  @Test
  void anErrorMidStreamIsAnErrorChunkAndTheStreamEndsWithoutDone() throws Exception {
    reply("text/event-stream", sse(
        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
            + "\"claude-x\",\"content\":[],\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}",
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Part\"}}",
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));

    String body;
    try (Response r = post("/v1/chat/completions", "{\"model\":\"ant,claude-x\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
      assertThat(r.code()).isEqualTo(200);
      body = r.body().string();
    }

    List<String> data = data(body);
    assertThat(data).doesNotContain("[DONE]");
    JsonObject error = Json.parse(data.get(data.size() - 1)).asObject().getObject("error");
    assertThat(error.getString("message")).contains("Overloaded");
    assertThat(error.getString("type")).isEqualTo("server_error");
    assertThat(error.getString("code")).isEqualTo("overloaded_error");
    assertThat(obj(Json.parse(data.get(1)).asObject().getArray("choices").get(0)).getObject("delta").getString("content"))
        .isEqualTo("Part");
  }

  @Test
  void aFailedOpenAiUpstreamFallsBackToAnAnthropicOneWhichGetsATranslationNotTheClientsBody() throws Exception {
    upstream.enqueue(new MockResponse.Builder().code(503).setHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"down\"}}").build());
    reply("application/json", UpstreamReplies.ANTHROPIC);

    try (Response r = post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"seed\":3,\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"}]}")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(obj(obj(json(r).getArray("choices").get(0)).get("message")).getString("content")).isEqualTo("ok");
    }
    RecordedRequest first = upstream.takeRequest();
    assertThat(first.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(Json.parse(first.getBody().utf8()).asObject().get("seed").toJson()).isEqualTo("3");
    RecordedRequest second = upstream.takeRequest();
    assertThat(second.getUrl().encodedPath()).isEqualTo("/v1/messages");
    JsonObject sent = Json.parse(second.getBody().utf8()).asObject();
    assertThat(sent.getString("model")).isEqualTo("claude-x");
    assertThat(sent.has("seed")).isFalse();
  }

  @Test
  void upstreamErrorKeepsItsStatusInOpenAiForm() throws Exception {
    upstream.enqueue(new MockResponse.Builder().code(529).setHeader("Content-Type", "application/json")
        .body("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}").build());

    try (Response r = post("/v1/chat/completions", "{\"model\":\"ant,claude-x\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"}]}")) {
      assertThat(r.code()).isEqualTo(529);
      JsonObject error = json(r).getObject("error");
      assertThat(error.getString("message")).contains("Overloaded");
      assertThat(error.getString("type")).isEqualTo("server_error");
      assertThat(error.getString("code")).isEqualTo("overloaded_error");
    }
  }

  @Test
  void badInputIsA400InOpenAiFormAndNeverReachesAnUpstream() throws Exception {
    String[][] cases = {
        {"{\"model\":\"x\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "n"},
        {"{\"model\":\"x\"}", "messages"},
        {"{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model"},
        {"{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}]}", "messages[0].content[0].type"},
        {"{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
            + "{\"url\":\"file:///etc/passwd\"}}]}]}", "messages[0].content[0].image_url.url"},
        {"{\"model\":\"x\",\"messages\":[{\"role\":\"tool\",\"content\":\"r\"}]}", "messages[0].tool_call_id"},
        {"{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tool_choice\":\"sometimes\"}", "tool_choice"},
        {"{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"response_format\":{\"type\":\"xml\"}}",
            "response_format.type"},
        {"{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":\"lots\"}", "max_tokens"},
    };
    for (String[] c : cases) {
      try (Response r = post("/v1/chat/completions", c[0])) {
        assertThat(r.code()).as(c[0]).isEqualTo(400);
        JsonObject error = json(r).getObject("error");
        assertThat(error.getString("type")).isEqualTo("invalid_request_error");
        assertThat(error.getString("param")).as(c[0]).isEqualTo(c[1]);
        assertThat(error.getString("message")).isNotBlank();
      }
    }
    try (Response r = post("/v1/chat/completions", "{not json")) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(json(r).getObject("error").getString("type")).isEqualTo("invalid_request_error");
    }
    try (Response r = http.newCall(new Request.Builder().url("http://127.0.0.1:" + server.port() + "/v1/chat/completions")
        .get().build()).execute()) {
      assertThat(r.code()).isEqualTo(405);
      assertThat(json(r).getObject("error").getString("message")).contains("POST");
    }
    assertThat(upstream.getRequestCount()).isZero();
  }

  private static String sse(String... events) {
    StringBuilder sb = new StringBuilder();
    for (String e : events) {
      String type = Json.parse(e).asObject().getString("type");
      sb.append("event: ").append(type).append("\ndata: ").append(e).append("\n\n");
    }
    return sb.toString();
  }
}
