package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.testing.Fixtures;
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

/** A provider whose only transformer is "anthropic" gets the client's bytes, and the client gets the provider's. */
class PassThroughTest {
  static final String STREAM = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\","
      + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-opus-5-5\",\"content\":[],\"stop_reason\":null,"
      + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1},\"future\":{\"x\":1.50}}}\n\n"
      + "event: brand_new_event\ndata: {\"type\":\"brand_new_event\",  \"spacing\" : true}\n\n"
      + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

  MockWebServer upstream;
  CcrServer server;
  final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    CcrConfig config = CcrConfig.parse("{RETRY: {attempts: 1}, Providers: [{name: 'claude', api_base_url: '" + upstream.url("/v1/messages")
        + "', api_key: 'sk-ant-configured', models: ['claude-opus-5-5', 'claude-haiku-4-5'],"
        + " transformer: {use: ['anthropic']}},"
        + " {name: 'tuned', api_base_url: '" + upstream.url("/v1/messages") + "', api_key: 'k', models: ['claude-opus-5-5'],"
        + " transformer: {use: ['anthropic', ['maxtoken', {max_tokens: 64}]]}},"
        + " {name: 'oai', api_base_url: '" + upstream.url("/v1/chat/completions") + "', api_key: 'k', models: ['gpt']}],"
        + " Router: {default: 'claude,claude-opus-5-5'}}");
    server = CcrServer.start(ClaudeCodeRouter.builder().config(config).build(), "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    upstream.close();
  }

  private Response post(byte[] body) throws Exception {
    return client.newCall(new Request.Builder().url("http://127.0.0.1:" + server.port() + "/v1/messages?beta=true")
        .header("x-api-key", "client-key-not-forwarded")
        .header("anthropic-version", "2023-06-01")
        .header("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14")
        .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute();
  }

  @Test
  void clientBytesGoUpAndProviderBytesComeBackUntouched() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(STREAM).build());
    // The capture with spacing of its own, which ccr would never write: it must arrive as sent.
    byte[] body = Json.write(Fixtures.claudeCodeBody("say-hi")).replace(",\"", ", \"").getBytes();

    try (Response r = post(body)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).isEqualTo(STREAM);
    }

    RecordedRequest got = upstream.takeRequest();
    assertThat(got.getBody().toByteArray()).isEqualTo(body);
    assertThat(got.getHeaders().get("x-api-key")).isEqualTo("sk-ant-configured");
    assertThat(got.getHeaders().get("anthropic-beta")).isEqualTo("claude-code-20250219,interleaved-thinking-2025-05-14");
    assertThat(got.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
  }

  @Test
  void aRoutedModelIsTheOnlyChange() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(STREAM).build());
    JsonObject original = Fixtures.claudeCodeBody("say-hi").with("model", JsonString.of("claude,claude-haiku-4-5"));

    try (Response r = post(Json.write(original).getBytes())) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("x-ccr-route")).isEqualTo("claude,claude-haiku-4-5; scenario=explicit");
    }

    JsonObject got = (JsonObject) Json.parse(upstream.takeRequest().getBody().utf8());
    assertThat(got).isEqualTo(original.with("model", JsonString.of("claude-haiku-4-5")));
  }

  @Test
  void upstreamErrorsAreAnthropicErrorsNamingTheProvider() throws Exception {
    upstream.enqueue(new MockResponse.Builder().code(429).setHeader("retry-after", "3")
        .body("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of requests exceeded\"}}").build());

    try (Response r = post(Json.write(Fixtures.claudeCodeBody("say-hi")).getBytes())) {
      assertThat(r.code()).isEqualTo(429);
      assertThat(r.header("retry-after")).isEqualTo("3");
      JsonObject error = ((JsonObject) Json.parse(r.body().string())).getObject("error");
      assertThat(error.getString("type")).isEqualTo("rate_limit_error");
      assertThat(error.getString("message")).isEqualTo("claude,claude-opus-5-5 answered HTTP 429: Number of requests exceeded");
    }
  }

  @Test
  void clientAnthropicHeadersReachAnAnthropicUpstreamOnTheTranslatedPathToo() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(STREAM).build());
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("{\"id\":\"c\","
        + "\"model\":\"gpt\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}").build());

    JsonObject body = Fixtures.claudeCodeBody("say-hi");
    try (Response r = post(Json.write(body.with("model", JsonString.of("tuned,claude-opus-5-5"))).getBytes())) {
      assertThat(r.code()).isEqualTo(200);
    }
    try (Response r = post(Json.write(body.with("model", JsonString.of("oai,gpt")).with("stream",
        dev.ccr.json.JsonBoolean.FALSE)).getBytes())) {
      assertThat(r.code()).isEqualTo(200);
    }

    RecordedRequest translated = upstream.takeRequest();
    assertThat(((JsonObject) Json.parse(translated.getBody().utf8())).get("max_tokens").toJson())
        .as("a transformer saw it: not the client's bytes").isEqualTo("64");
    assertThat(translated.getHeaders().get("anthropic-beta")).isEqualTo("claude-code-20250219,interleaved-thinking-2025-05-14");
    assertThat(translated.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(translated.getHeaders().get("x-api-key")).isEqualTo("k");
    RecordedRequest openAi = upstream.takeRequest();
    assertThat(openAi.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(openAi.getHeaders().names()).as("an OpenAI upstream gets no Anthropic headers")
        .doesNotContain("anthropic-beta", "anthropic-version");
  }
}
