package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.state.StateStore;
import dev.ccr.testing.AnthropicShapedProvider;
import dev.ccr.testing.FakeClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  static final String RESPONSE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m1\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
      + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}";
  static final String MESSAGES = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
      + "\"content\":\"hi\"}]}";
  static final String CHAT = "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  /** Ten seconds into a minute: the window in force ends fifty seconds later. */
  final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T10:00:10Z"));
  final List<AutoCloseable> open = new ArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();
  MockWebServer upstream;

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    upstream.close();
  }

  ClaudeCodeRouter router(String limits, Map<String, String> env, StateStore state) {
    CcrConfig config = CcrConfig.parse("{Providers: [{name: 'up', api_base_url: '" + upstream.url("/v1/messages")
        + "', api_key: 'sk-up', models: ['m1'], transformer: {use: ['fake']}}], Router: {default: 'up,m1'},"
        + " RATE_LIMITS: " + limits + "}", env::get);
    ClaudeCodeRouter r = ClaudeCodeRouter.builder().config(config).clock(clock).state(state)
        .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
        .tokenCounter(req -> 100)
        .build();
    open.add(r);
    return r;
  }

  CcrServer serve(ClaudeCodeRouter router) throws Exception {
    CcrServer s = CcrServer.start(router, "127.0.0.1", 0);
    open.add(s);
    return s;
  }

  HttpResponse<String> post(CcrServer s, String path, String body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url() + path)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) b.header("x-api-key", key);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  void enqueueOk(int n) {
    for (int i = 0; i < n; i++) {
      upstream.enqueue(new MockResponse.Builder().addHeader("content-type", "application/json").body(RESPONSE).build());
    }
  }

  @Test
  void aRouteOverItsRequestsPerMinuteGets429WithRetryAfterInTheClientsFormatAndNothingGoesUpstream() throws Exception {
    CcrServer s = serve(router("{routes: {'up,m1': {requests_per_minute: 2}}}", Map.of(), null));
    enqueueOk(3);

    assertThat(post(s, "/v1/messages", MESSAGES, null).statusCode()).isEqualTo(200);
    assertThat(post(s, "/v1/messages", MESSAGES, null).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = post(s, "/v1/messages", MESSAGES, null);
    HttpResponse<String> chat = post(s, "/v1/chat/completions", CHAT, null);

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("retry-after")).hasValue("50");
    JsonObject error = (JsonObject) Json.parse(refused.body());
    assertThat(error.getString("type")).isEqualTo("error");
    assertThat(error.getObject("error").getString("type")).isEqualTo("rate_limit_error");
    assertThat(error.getObject("error").getString("message")).contains("up,m1");
    assertThat(chat.statusCode()).isEqualTo(429);
    assertThat(chat.headers().firstValue("retry-after")).hasValue("50");
    assertThat(((JsonObject) Json.parse(chat.body())).getObject("error").getString("type")).isEqualTo("rate_limit_error");
    assertThat(upstream.getRequestCount()).as("refused requests never go upstream").isEqualTo(2);

    clock.advance(50_000);

    assertThat(post(s, "/v1/messages", MESSAGES, null).statusCode()).as("a new minute").isEqualTo(200);
  }

  @Test
  void aClientKeyFromAVariableHasItsOwnLimitAndTokensCountToo() throws Exception {
    CcrServer s = serve(router("{keys: {'$TEAM_A_KEY': {tokens_per_minute: 150}}}", Map.of("TEAM_A_KEY", "team-a"),
        null));
    enqueueOk(4);

    assertThat(post(s, "/v1/messages", MESSAGES, "team-a").statusCode()).isEqualTo(200); // 100 of 150
    assertThat(post(s, "/v1/messages", MESSAGES, "team-a").statusCode()).as("crosses the limit: the last one")
        .isEqualTo(200);
    HttpResponse<String> refused = post(s, "/v1/messages", MESSAGES, "team-a");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).contains("this client key").doesNotContain("team-a");
    assertThat(post(s, "/v1/messages", MESSAGES, "team-b").statusCode()).as("another key, no limit").isEqualTo(200);
    assertThat(post(s, "/v1/messages", MESSAGES, null).statusCode()).isEqualTo(200);
  }
}
