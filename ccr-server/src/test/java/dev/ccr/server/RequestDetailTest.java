package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import java.util.concurrent.TimeUnit;
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

/** {@code GET /api/requests/{id}} over real sockets: each upstream call as sent and answered, never a secret. */
class RequestDetailTest {
  static final String KEY = "sk-provider-key-in-query-4242";
  static final String HEADER_SECRET = "hdr-secret-value-777";
  static final String ANTHROPIC_KEY = "sk-ant-forwarded-key-5151";

  MockWebServer upstream;
  CcrServer server;
  final OkHttpClient http = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();

  @BeforeEach
  void startUpstream() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
    upstream.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  void start(String extra) throws Exception {
    String config = "{" + extra + " Providers: [\n"
        + " {name: 'oai', api_base_url: '" + upstream.url("/v1/chat/completions") + "?key=" + KEY + "', api_key: '" + KEY + "',"
        + "  models: ['gpt-x'], headers: {'X-Custom-Auth': '" + HEADER_SECRET + "'}},\n"
        + " {name: 'claude', api_base_url: '" + upstream.url("/v1/messages") + "', api_key: '" + ANTHROPIC_KEY + "',"
        + "  models: ['claude-x'], transformer: {use: ['anthropic']}}],\n"
        + " Router: {default: 'oai,gpt-x'}}";
    server = CcrServer.start(ClaudeCodeRouter.builder().config(CcrConfig.parse(config)).build(), "127.0.0.1", 0);
  }

  Response call(String method, String path, String body) throws Exception {
    Request.Builder b = new Request.Builder().url("http://127.0.0.1:" + server.port() + path);
    if (body != null) b.post(RequestBody.create(body, MediaType.get("application/json")));
    return http.newCall(b.build()).execute();
  }

  /** Sends a message and reads the whole answer; the request id the proxy gave it. */
  String send(String model, boolean stream, String text) throws Exception {
    try (Response r = call("POST", "/v1/messages", "{\"model\":\"" + model + "\",\"max_tokens\":50,\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}")) {
      String body = r.body().string();
      assertThat(r.code()).as(body).isEqualTo(200);
      return r.header("request-id");
    }
  }

  String detail(String id, int status) throws Exception {
    try (Response r = call("GET", "/api/requests/" + id, null)) {
      String text = r.body().string();
      assertThat(r.code()).as(text).isEqualTo(status);
      assertThat(text).doesNotContain(KEY).doesNotContain(HEADER_SECRET).doesNotContain(ANTHROPIC_KEY);
      return text;
    }
  }

  @Test
  void aTranslatedCallShowsItsUpstreamRequestAndResponseWithTheKeyHiddenEverywhere() throws Exception {
    start("");
    // the provider echoes the key in its answer: it is hidden there too
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").setHeader("X-Echo", KEY)
        .body(UpstreamReplies.OPENAI.replace("\"content\":\"ok\"", "\"content\":\"your key is " + KEY + "\"")).build());

    String id = send("oai,gpt-x", false, "tell me about otters");
    assertThat(upstream.takeRequest().getUrl().toString()).as("the key did go upstream").contains("key=" + KEY);

    JsonObject detail = (JsonObject) Json.parse(detail(id, 200));
    assertThat(detail.getString("request_id")).isEqualTo(id);
    assertThat(detail.getObject("usage").getString("route")).isEqualTo("oai,gpt-x");
    JsonArray calls = detail.getArray("upstream");
    assertThat(calls.size()).isEqualTo(1);
    JsonObject sent = ((JsonObject) calls.get(0)).getObject("request");
    assertThat(sent.getString("method")).isEqualTo("POST");
    assertThat(sent.getString("url")).contains("/v1/chat/completions?key=<redacted>");
    assertThat(sent.getString("body")).as("the translated body").contains("\"model\":\"gpt-x\"").contains("tell me about otters");
    assertThat(sent.getObject("headers").getString("Authorization")).isEqualTo("<redacted>");
    assertThat(sent.getObject("headers").getString("X-Custom-Auth")).isEqualTo("<redacted>");
    JsonObject answered = ((JsonObject) calls.get(0)).getObject("response");
    assertThat(answered.getNumber("status").intValue()).isEqualTo(200);
    assertThat(answered.getString("body")).contains("your key is <redacted>");
    assertThat(answered.getObject("headers").getString("x-echo")).isEqualTo("<redacted>");
  }

  @Test
  void aStreamShowsItsRawEventsAndAForwardedCallItsBytesAndAnErrorItsBody() throws Exception {
    start("");
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(UpstreamReplies.ANTHROPIC_STREAM).build());
    upstream.enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
        .body("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad thing\"}}").build());

    String streamed = send("claude,claude-x", true, "stream please");
    JsonObject call = (JsonObject) ((JsonObject) Json.parse(detail(streamed, 200))).getArray("upstream").get(0);
    assertThat(call.getObject("request").getString("body")).contains("stream please");
    assertThat(call.getObject("request").getObject("headers").getString("x-api-key")).isEqualTo("<redacted>");
    assertThat(call.getObject("response").getString("body")).contains("event: message_start").contains("text_delta");

    String failed;
    try (Response r = call("POST", "/v1/messages", "{\"model\":\"claude,claude-x\",\"max_tokens\":5,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"refused\"}]}")) {
      assertThat(r.code()).isEqualTo(400);
      failed = r.header("request-id");
      r.body().string();
    }
    JsonObject refused = (JsonObject) ((JsonObject) Json.parse(detail(failed, 200))).getArray("upstream").get(0);
    assertThat(refused.getObject("response").getNumber("status").intValue()).isEqualTo(400);
    assertThat(refused.getObject("response").getString("body")).contains("bad thing");
  }

  @Test
  void aRetriedExchangeShowsEachCallWithItsOwnAnswer() throws Exception {
    start("RETRY: {attempts: 2, initial_backoff_ms: 0, max_backoff_ms: 0},");
    upstream.enqueue(new MockResponse.Builder().code(503).setHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"busy, key " + KEY + "\"}}").build());
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(UpstreamReplies.OPENAI).build());

    String id = send("oai,gpt-x", false, "again");

    JsonArray calls = ((JsonObject) Json.parse(detail(id, 200))).getArray("upstream");
    assertThat(calls.size()).isEqualTo(2);
    JsonObject first = ((JsonObject) calls.get(0)).getObject("response");
    assertThat(first.getNumber("status").intValue()).isEqualTo(503);
    assertThat(first.getString("body")).contains("busy, key <redacted>");
    assertThat(((JsonObject) calls.get(1)).getObject("response").getNumber("status").intValue()).isEqualTo(200);
  }

  @Test
  void anUnknownIdIsA404InAnthropicsErrorShape() throws Exception {
    start("");
    String text = detail("req_nobody", 404);
    JsonObject error = (JsonObject) Json.parse(text);
    assertThat(error.getString("type")).isEqualTo("error");
    assertThat(error.getObject("error").getString("type")).isEqualTo("not_found_error");
  }

  @Test
  void withCaptureOffNothingIsKept() throws Exception {
    start("UPSTREAM_CAPTURE: false,");
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(UpstreamReplies.OPENAI).build());
    String id = send("oai,gpt-x", false, "hi");
    assertThat(detail(id, 404)).contains("UPSTREAM_CAPTURE");
    assertThat(server.router().upstreamCaptures()).isNull();
  }
}
