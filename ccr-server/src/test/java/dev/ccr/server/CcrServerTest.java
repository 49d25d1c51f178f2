package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import java.util.List;
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

class CcrServerTest {
  static final MediaType JSON = MediaType.get("application/json");
  static final String REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  MockWebServer upstream;
  CcrServer server;
  final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    startServer(null);
  }

  private void startServer(String apiKey) throws Exception {
    if (server != null) server.close();
    CcrConfig.Builder config = CcrConfig.builder()
        .provider("claude", upstream.url("/v1/messages").toString(), "sk-up", List.of("claude-x"), "anthropic")
        .route("default", "claude,claude-x")
        .set("RETRY", Json.parse("{\"attempts\": 1}"));
    if (apiKey != null) config.set("APIKEY", dev.ccr.json.JsonString.of(apiKey));
    server = CcrServer.start(ClaudeCodeRouter.builder().config(config.build()).build(), "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    upstream.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  private Response post(String path, String body) throws Exception {
    return client.newCall(new Request.Builder().url(url(path)).post(RequestBody.create(body, JSON)).build()).execute();
  }

  @Test
  void healthAnswers() throws Exception {
    try (Response r = client.newCall(new Request.Builder().url(url("/health")).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(Json.parse(r.body().string())).isEqualTo(Json.parse("{\"status\":\"ok\"}"));
    }
  }

  @Test
  void nonStreamMessageGoesThroughWithTheRouteHeader() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
        .body("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":"
            + "[{\"type\":\"text\",\"text\":\"hello\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}").build());

    try (Response r = post("/v1/messages?beta=true", REQUEST)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("x-ccr-route")).isEqualTo("claude,claude-x; scenario=default");
      JsonObject body = (JsonObject) Json.parse(r.body().string());
      assertThat(body.getArray("content").get(0).asObject().getString("text")).isEqualTo("hello");
    }
    JsonObject sent = (JsonObject) Json.parse(upstream.takeRequest().getBody().utf8());
    assertThat(sent.getString("model")).isEqualTo("claude-x");
  }

  @Test
  void streamedMessageArrivesAsServerSentEvents() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
        .body("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":1}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n").build());

    try (Response r = post("/v1/messages", REQUEST.replace("{\"model\"", "{\"stream\":true,\"model\""))) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("text/event-stream");
      String text = r.body().string();
      assertThat(text).startsWith("event: message_start\ndata: {").contains("event: message_delta\n")
          .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }
  }

  @Test
  void badInputGetsAnthropicErrors() throws Exception {
    try (Response r = post("/v1/messages", "{\"model\": ")) {
      assertThat(r.code()).isEqualTo(400);
      JsonObject e = (JsonObject) Json.parse(r.body().string());
      assertThat(e.getString("type")).isEqualTo("error");
      assertThat(e.getObject("error").getString("type")).isEqualTo("invalid_request_error");
    }
    try (Response r = post("/v1/messages", "{\"model\":\"m\"}")) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.body().string()).contains("messages: Field required");
    }
    try (Response r = client.newCall(new Request.Builder().url(url("/v2/nothing")).build()).execute()) {
      assertThat(r.code()).isEqualTo(404);
      assertThat(r.body().string()).contains("not_found_error");
    }
    try (Response r = client.newCall(new Request.Builder().url(url("/v1/messages")).build()).execute()) {
      assertThat(r.code()).isEqualTo(405);
    }
  }

  @Test
  void upstreamErrorKeepsItsStatusAndNamesTheProvider() throws Exception {
    upstream.enqueue(new MockResponse.Builder().code(529)
        .body("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}").build());

    try (Response r = post("/v1/messages", REQUEST)) {
      assertThat(r.code()).isEqualTo(529);
      JsonObject e = ((JsonObject) Json.parse(r.body().string())).getObject("error");
      assertThat(e.getString("type")).isEqualTo("overloaded_error");
      assertThat(e.getString("message")).isEqualTo("claude,claude-x answered HTTP 529: Overloaded");
    }
  }

  @Test
  void apiKeyIsRequiredWhenConfigured() throws Exception {
    startServer("secret-key");

    try (Response r = post("/v1/messages", REQUEST)) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.body().string()).contains("authentication_error");
    }
    upstream.enqueue(new MockResponse.Builder().code(400).body("{\"error\":{\"message\":\"x\"}}").build());
    try (Response r = client.newCall(new Request.Builder().url(url("/v1/messages"))
        .header("Authorization", "Bearer secret-key").post(RequestBody.create(REQUEST, JSON)).build()).execute()) {
      assertThat(r.code()).as("past auth, to the upstream's 400").isEqualTo(400);
    }
    try (Response r = client.newCall(new Request.Builder().url(url("/health")).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  @Test
  void countTokensAnswersWithoutCallingTheProvider() throws Exception {
    try (Response r = post("/v1/messages/count_tokens", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hello world\"}],\"system\":\"hello world\"}")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(Json.parse(r.body().string())).isEqualTo(Json.parse("{\"input_tokens\":4}"));
    }
    assertThat(upstream.getRequestCount()).isZero();
  }

  @Test
  void modelsListsConfiguredProviderModelIds() throws Exception {
    try (Response r = client.newCall(new Request.Builder().url(url("/v1/models")).build()).execute()) {
      JsonObject body = (JsonObject) Json.parse(r.body().string());
      assertThat(body.getArray("data").get(0).asObject().getString("id")).isEqualTo("claude,claude-x");
    }
  }

  @Test
  void aProviderWhoseKeyVariableIsUnsetIsNeverCalledAndTheErrorNamesTheVariable() throws Exception {
    try (MockWebServer other = new MockWebServer()) {
      other.start();
      // OpenAI-compatible, so the request is translated and may fall back (forwarded bytes stay on their route).
      String providers = "Providers: [{name: 'claude', api_base_url: '" + upstream.url("/v1/chat/completions") + "',"
          + " api_key: '$CCR_TEST_NOT_SET_KEY', models: ['claude-x']},"
          + " {name: 'spare', api_base_url: '" + other.url("/v1/messages") + "', api_key: 'sk-spare', models: ['s'],"
          + " transformer: {use: ['anthropic']}}], RETRY: {attempts: 3}, Router: {default: 'claude,claude-x'}";
      server.close();
      server = CcrServer.start(ClaudeCodeRouter.builder().config(CcrConfig.parse("{" + providers + "}", name -> null))
          .build(), "127.0.0.1", 0);
      try (Response r = post("/v1/messages", REQUEST)) {
        assertThat(r.code()).as("not a 5xx, which clients would retry").isEqualTo(403);
        JsonObject error = ((JsonObject) Json.parse(r.body().string())).getObject("error");
        assertThat(error.getString("type")).isEqualTo("permission_error");
        assertThat(error.getString("message")).contains("$CCR_TEST_NOT_SET_KEY", "not set");
      }
      assertThat(upstream.getRequestCount()).as("the literal text is never sent").isZero();

      server.close();
      server = CcrServer.start(ClaudeCodeRouter.builder().config(CcrConfig.parse(
          "{" + providers + ", fallback: {default: ['spare,s']}}", name -> null)).build(), "127.0.0.1", 0);
      other.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
          .body("{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"s\",\"content\":[],"
              + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}")
          .build());
      try (Response r = post("/v1/messages", REQUEST)) {
        assertThat(r.code()).as("the fallback answers").isEqualTo(200);
      }
      assertThat(other.takeRequest().getHeaders().get("x-api-key")).isEqualTo("sk-spare");
      assertThat(upstream.getRequestCount()).isZero();
    }
  }
}
