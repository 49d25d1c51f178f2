package dev.ccr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.model.Message;
import dev.ccr.model.MessageAccumulator;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.routing.Route;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamReply;
import dev.ccr.testing.AnthropicShapedProvider;
import dev.ccr.testing.FakeClock;
import dev.ccr.testing.RawSseUpstream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClaudeCodeRouterTest {
  static final String RESPONSE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"up-model\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
      + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}";
  static final String STREAM = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\","
      + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"up\",\"content\":[],\"stop_reason\":null,"
      + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
      + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
      + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
      + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" there\"}}\n\n"
      + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
      + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}\n\n"
      + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

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

  private ClaudeCodeRouter router(PluginRegistry.Builder plugins, dev.ccr.spi.Router... routers) {
    CcrConfig config = CcrConfig.builder()
        .provider("up", upstream.url("/v1/messages").toString(), "sk-test", List.of("m1", "m2"), "fake")
        .provider("other", upstream.url("/other").toString(), null, List.of("o1"), "fake")
        .route("default", "up,m1")
        .set("RETRY", Json.parse("{\"attempts\": 1}")) // single tries: the fault-injection suite covers retries
        .build();
    ClaudeCodeRouter.Builder b = ClaudeCodeRouter.builder()
        .config(config)
        .plugins(plugins.discover(false).provider(AnthropicShapedProvider.factory("fake")).build());
    for (dev.ccr.spi.Router r : routers) b.router(r);
    return ccr = b.build();
  }

  private ClaudeCodeRouter router() {
    return router(PluginRegistry.builder());
  }

  static MessagesRequest request(String model) {
    return MessagesRequest.builder().model(model).maxTokens(100).addMessage(Message.user("hi")).build();
  }

  @Test
  void routesToDefaultOrToAnExplicitProviderModel() {
    ClaudeCodeRouter r = router();

    assertThat(r.route(request("claude-sonnet-4-5"))).isEqualTo(Route.of("up", "m1", "default", "no other rule matched"));
    assertThat(r.route(request("other,o1"))).extracting(Route::provider, Route::model, Route::scenario)
        .containsExactly("other", "o1", "explicit");
    assertThat(r.route(request("OTHER/o1")).provider()).isEqualTo("other");
    assertThatThrownBy(() -> r.route(request("ghost,x")))
        .isInstanceOf(NoRouteException.class)
        .hasMessageContaining("\"ghost\", which is not configured");
  }

  @Test
  void customRouterGoesFirstAndOneThatThrowsIsSkipped() {
    dev.ccr.spi.Router broken = ctx -> {
      throw new IllegalStateException("boom");
    };
    dev.ccr.spi.Router keyword = ctx -> ctx.request().messages().get(0).content().text().contains("hi")
        ? Optional.of(Route.of("other", "o1", "keyword", "mentions hi")) : Optional.empty();
    ClaudeCodeRouter r = router(PluginRegistry.builder(), broken, keyword);

    assertThat(r.route(request("up,m2")).scenario()).isEqualTo("keyword");
  }

  @Test
  void aRoutesOwnFallbackListIsTriedWhenItFails() throws Exception {
    dev.ccr.spi.Router withFallback = ctx -> Optional.of(Route.of("up", "m2", "mine", "custom")
        .withFallback(List.of(new dev.ccr.config.RouteTarget("other", "o1"))));
    ClaudeCodeRouter r = router(PluginRegistry.builder(), withFallback);
    upstream.enqueue(new MockResponse.Builder().code(503).body("{\"error\":{\"message\":\"down\"}}").build());
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(RESPONSE).build());

    MessagesResponse response = r.send(request("x"));

    assertThat(response.text()).isEqualTo("hello");
    assertThat(upstream.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/messages");
    RecordedRequest second = upstream.takeRequest();
    assertThat(second.getUrl().encodedPath()).isEqualTo("/other");
    assertThat(((JsonObject) Json.parse(second.getBody().utf8())).getString("model")).isEqualTo("o1");
  }

  @Test
  void repeatedOutagesOpenTheCircuitButBadRequestsDoNot() throws Exception {
    CcrConfig config = CcrConfig.builder()
        .provider("up", upstream.url("/v1/messages").toString(), "k", List.of("m1"), "fake")
        .provider("other", upstream.url("/other").toString(), null, List.of("o1"), "fake")
        .route("default", "up,m1")
        .set("RETRY", Json.parse("{\"attempts\": 1}"))
        .set("CIRCUIT_BREAKER", Json.parse("{\"failures\": 2, \"open_ms\": 60000}"))
        .set("fallback", Json.parse("{\"default\": [\"other,o1\"]}"))
        .build();
    ccr = ClaudeCodeRouter.builder().config(config)
        .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build()).build();
    for (int i = 0; i < 3; i++) {
      upstream.enqueue(new MockResponse.Builder().code(400).body("{\"error\":{\"message\":\"bad\"}}").build());
      upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(RESPONSE).build());
      ccr.send(request("x")); // 400 from up, answered by the fallback each time
    }
    List<String> paths = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) paths.add(upstream.takeRequest().getUrl().encodedPath());
    assertThat(paths).as("400s keep the circuit closed").containsExactly(
        "/v1/messages", "/other", "/v1/messages", "/other", "/v1/messages", "/other");

    for (int i = 0; i < 2; i++) {
      upstream.enqueue(new MockResponse.Builder().code(503).body("{\"error\":{\"message\":\"down\"}}").build());
      upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(RESPONSE).build());
      ccr.send(request("x"));
    }
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(RESPONSE).build());
    ccr.send(request("x"));
    paths.clear();
    for (int i = 0; i < 5; i++) paths.add(upstream.takeRequest().getUrl().encodedPath());
    assertThat(paths).as("two outages open it: the third call skips up").containsExactly(
        "/v1/messages", "/other", "/v1/messages", "/other", "/other");
  }

  @Test
  void retriesWaitWithBackoffOrRetryAfterAndAnOpenCircuitReopensForOneProbeWhenItsTimeIsUp() throws Exception {
    FakeClock clock = new FakeClock();
    CcrConfig config = CcrConfig.builder()
        .provider("up", upstream.url("/v1/messages").toString(), "k", List.of("m1"), "fake")
        .provider("other", upstream.url("/other").toString(), null, List.of("o1"), "fake")
        .route("default", "up,m1")
        .set("RETRY", Json.parse("{\"attempts\": 3, \"initial_backoff_ms\": 400, \"max_backoff_ms\": 8000}"))
        .set("CIRCUIT_BREAKER", Json.parse("{\"failures\": 3, \"open_ms\": 60000}"))
        .set("fallback", Json.parse("{\"default\": [\"other,o1\"]}"))
        .build();
    ccr = ClaudeCodeRouter.builder().config(config).clock(clock)
        .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build()).build();
    MockResponse down = new MockResponse.Builder().code(503).body("{\"error\":{\"message\":\"down\"}}").build();
    MockResponse ok = new MockResponse.Builder().setHeader("Content-Type", "application/json").body(RESPONSE).build();

    upstream.enqueue(down);
    upstream.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "7").body("{}").build());
    upstream.enqueue(ok);
    assertThat(ccr.send(request("x")).text()).isEqualTo("hello");
    assertThat(clock.sleeps()).hasSize(2);
    assertThat(clock.sleeps().get(0)).as("backoff with jitter").isBetween(200L, 400L);
    assertThat(clock.sleeps().get(1)).as("the provider's Retry-After").isEqualTo(7_000L);

    for (int i = 0; i < 3; i++) upstream.enqueue(down); // the third failure in a row opens the circuit
    upstream.enqueue(ok);
    ccr.send(request("x"));
    upstream.enqueue(ok);
    ccr.send(request("x"));
    clock.advance(60_000);
    upstream.enqueue(ok);
    ccr.send(request("x"));

    List<String> paths = new java.util.ArrayList<>();
    for (int i = 0; i < 3 + 6; i++) paths.add(upstream.takeRequest().getUrl().encodedPath());
    assertThat(paths.subList(3, 9)).as("open: up is skipped until its time is up, then probed")
        .containsExactly("/v1/messages", "/v1/messages", "/v1/messages", "/other", "/other", "/v1/messages");
  }

  @Test
  void subagentTagRoutesAndNeverGoesUpstream() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(RESPONSE).build());
    MessagesRequest tagged = request("claude-sonnet-4-5").toBuilder()
        .system("<CCR-SUBAGENT-MODEL>other,o1</CCR-SUBAGENT-MODEL>You review code.").build();

    ClaudeCodeRouter r = router();
    Route route = r.route(tagged);
    r.send(tagged, route);

    assertThat(route.target()).isEqualTo("other,o1");
    String sent = upstream.takeRequest().getBody().utf8();
    assertThat(sent).doesNotContain("CCR-SUBAGENT-MODEL").contains("You review code.");
  }

  @Test
  void providerUsageIsRememberedPerSessionForTheLongContextRule() throws Exception {
    CcrConfig config = CcrConfig.builder()
        .provider("up", upstream.url("/v1/messages").toString(), "k", List.of("m1", "long"), "fake")
        .route("default", "up,m1").route("longContext", "up,long").build();
    ccr = ClaudeCodeRouter.builder().config(config).tokenCounter(r -> 30_000)
        .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
        .build();
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
        .body(RESPONSE.replace("\"input_tokens\":3", "\"input_tokens\":5000,\"cache_read_input_tokens\":70000")).build());

    Route first = ccr.route(request("x"), "session-1");
    ccr.send(request("x"), first);
    Route second = ccr.route(request("x"), "session-1");
    Route otherSession = ccr.route(request("x"), "session-2");

    assertThat(first.scenario()).isEqualTo("default");
    assertThat(second.scenario()).isEqualTo("longContext");
    assertThat(second.reason()).contains("75000");
    assertThat(otherSession.scenario()).isEqualTo("default");
    assertThat(ccr.countTokens(request("x"))).isEqualTo(30_000);
  }

  @Test
  void sendsTheRoutedRequestAndReadsTheResponse() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(RESPONSE).build());

    MessagesResponse response = router().send(request("claude-haiku").toBuilder().stream(true).build());

    assertThat(response.text()).isEqualTo("hello");
    assertThat(response.usage().inputTokens()).isEqualTo(3);
    RecordedRequest sent = upstream.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/messages");
    assertThat(sent.getHeaders().get("x-api-key")).isEqualTo("sk-test");
    JsonObject body = (JsonObject) Json.parse(sent.getBody().utf8());
    assertThat(body.getString("model")).isEqualTo("m1");
    assertThat(body.getBoolean("stream")).as("send() asks for a whole response").isFalse();
  }

  @Test
  void aStreamReadToItsEndLeavesTheConnectionForTheNextCall() throws Exception {
    for (int i = 0; i < 2; i++) { // chunked and ended by [DONE], as OpenAI-style providers send it
      upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
          .chunkedBody(STREAM + "data: [DONE]\n\n", 64).build());
    }
    ClaudeCodeRouter router = router();
    for (int i = 0; i < 2; i++) {
      try (EventStream<StreamEvent> events = router.stream(request("x"))) {
        assertThat(events.stream().map(StreamEvent::type).toList()).endsWith("message_stop");
      }
    }

    mockwebserver3.RecordedRequest first = upstream.takeRequest();
    mockwebserver3.RecordedRequest second = upstream.takeRequest();
    assertThat(second.getConnectionIndex()).as("same upstream connection").isEqualTo(first.getConnectionIndex());
    assertThat(second.getExchangeIndex()).isEqualTo(1);
  }

  @Test
  void streamsTypedEventsAsTheyArrive() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(STREAM).build());

    MessageAccumulator acc = new MessageAccumulator();
    List<String> types;
    try (EventStream<StreamEvent> events = router().stream(request("x"))) {
      types = events.stream().map(acc::accept).map(StreamEvent::type).toList();
    }

    assertThat(types).containsExactly("message_start", "content_block_start", "content_block_delta",
        "content_block_delta", "content_block_stop", "message_delta", "message_stop");
    assertThat(acc.message().text()).isEqualTo("Hi there");
    assertThat(acc.message().usage().outputTokens()).isEqualTo(2);
    assertThat(acc.message().usage().inputTokens()).isEqualTo(5);
    assertThat(((JsonObject) Json.parse(upstream.takeRequest().getBody().utf8())).getBoolean("stream")).isTrue();
  }

  @Test
  void exchangeAnswersAsTheRequestAsksAndCarriesItsUsage() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
        .body(RESPONSE.replace("\"input_tokens\":3", "\"input_tokens\":3,\"cache_read_input_tokens\":10")).build());
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(STREAM).build());
    ClaudeCodeRouter r = router();
    Map<String, String> client = Map.of("anthropic-beta", "tools-2099", "anthropic-version", "2023-06-01");

    try (Reply whole = r.exchange(request("x"), null, client, r.route(request("x")))) {
      assertThat(whole).isInstanceOfSatisfying(Reply.Message.class, m -> assertThat(m.message().text()).isEqualTo("hello"));
      assertThat(whole.usage().summary()).isEqualTo("13/1");
    }
    MessagesRequest streaming = request("x").toBuilder().stream(true).build();
    try (Reply events = r.exchange(streaming, null, client, r.route(streaming))) {
      assertThat(events.usage()).as("nothing read yet").isNull();
      assertThat(((Reply.Events) events).events().stream().count()).isEqualTo(7);
      assertThat(events.usage().summary()).as("message_start's input, message_delta's output").isEqualTo("5/2");
    }

    RecordedRequest sent = upstream.takeRequest();
    assertThat(sent.getHeaders().get("anthropic-beta")).as("an Anthropic-format upstream gets the client's beta flags")
        .isEqualTo("tools-2099");
    assertThat(((JsonObject) Json.parse(upstream.takeRequest().getBody().utf8())).getBoolean("stream")).isTrue();
  }

  @Test
  void sendReadsAStreamToTheEndWhenTheProviderStreamsAnyway() {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(STREAM).build());

    assertThat(router().send(request("x")).text()).isEqualTo("Hi there");
  }

  @Test
  void streamFromAJsonReplyBecomesEvents() {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(RESPONSE).build());

    try (EventStream<StreamEvent> events = router().stream(request("x"))) {
      MessageAccumulator acc = new MessageAccumulator();
      events.forEachRemaining(acc::accept);
      assertThat(acc.isComplete()).isTrue();
      assertThat(acc.message().text()).isEqualTo("hello");
      assertThat(acc.message().stopReason()).isEqualTo("end_turn");
    }
  }

  @Test
  void rateLimitBecomesATypedExceptionWithRetryAfter() {
    upstream.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "7")
        .body("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}").build());

    assertThatThrownBy(() -> router().send(request("x")))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> {
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.errorType()).isEqualTo("rate_limit_error");
          assertThat(e.retryable()).isTrue();
          assertThat(e.getMessage()).contains("up,m1", "slow down");
        });
  }

  @Test
  void openAiShapedErrorBodyIsReadNotPassedRaw() {
    upstream.enqueue(new MockResponse.Builder().code(400)
        .body("{\"error\":{\"message\":\"max_tokens is too large\",\"type\":\"invalid_request_error\",\"code\":null}}").build());

    assertThatThrownBy(() -> router().send(request("x")))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo("up,m1 answered HTTP 400: max_tokens is too large");
          assertThat(e.retryable()).isFalse();
        });
  }

  @Test
  void refusedConnectionIsAClearError() throws Exception {
    ClaudeCodeRouter r = router();
    upstream.close();

    assertThatThrownBy(() -> r.send(request("x")))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.getMessage()).contains("cannot reach up at http://", "(connection refused)");
          assertThat(e.upstreamStatus()).isZero();
          assertThat(e.retryable()).isTrue();
        });
  }

  @Test
  void brokenStreamEndsWithAnErrorEventNotASilentCut() {
    String cut = STREAM.substring(0, STREAM.indexOf("event: content_block_stop")) + "data: {not json\n\n";
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(cut).build());

    try (EventStream<StreamEvent> events = router().stream(request("x"))) {
      List<StreamEvent> all = events.stream().toList();
      assertThat(all.get(all.size() - 1)).isInstanceOfSatisfying(StreamEvent.Error.class,
          e -> assertThat(e.error().message()).contains("not JSON"));
    }
  }

  @Test
  void closingAStreamEarlyClosesTheUpstreamConnection() throws Exception {
    // The upstream streams until its client hangs up: only ccr's close can end it.
    try (RawSseUpstream endless = RawSseUpstream.start(c -> {
      c.send(STREAM.substring(0, STREAM.indexOf("event: content_block_start")));
      return c.sendUntilClientLeaves("event: ping\ndata: {\"type\":\"ping\"}\n\n", 10, 6_000);
    })) {
      CcrConfig config = CcrConfig.builder()
          .provider("up", endless.url("/v1/messages"), "k", List.of("m1"), "fake")
          .route("default", "up,m1").build();
      ccr = ClaudeCodeRouter.builder().config(config)
          .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
          .build();

      EventStream<StreamEvent> events = ccr.stream(request("x"));
      assertThat(events.next().type()).isEqualTo("message_start");
      events.close();

      assertThat(endless.result().get(60, TimeUnit.SECONDS)).as("the upstream saw its client leave mid-stream").isEqualTo(true);
      assertThat(events.hasNext()).isFalse();
    }
  }

  @Test
  void transformersRunInOrderAndSeeRequestAndReply() throws Exception {
    Transformer.Factory tag = new Transformer.Factory() {
      @Override
      public String name() {
        return "tag";
      }

      @Override
      public Transformer create(JsonValue options) {
        String label = options.asObject().getString("label");
        return chain -> {
          JsonObject body = chain.request().body();
          String seen = body.getString("seen") == null ? "" : body.getString("seen");
          UpstreamReply reply = chain.proceed(chain.request().withBody(body.with("seen", JsonString.of(seen + label))));
          JsonObject b = (JsonObject) ((UpstreamReply.Body) reply).body();
          JsonObject content = b.getArray("content").get(0).asObject();
          JsonObject changed = content.with("text", JsonString.of(content.getString("text") + label));
          return new UpstreamReply.Body(reply.status(), reply.headers(),
              b.with("content", dev.ccr.json.JsonArray.of(changed)));
        };
      }
    };
    CcrConfig config = CcrConfig.parse("{Providers: [{name: 'up', api_base_url: '" + upstream.url("/v1/messages")
        + "', models: ['m1'], transformer: {use: ['fake', ['tag', {label: 'A'}]], m1: {use: [['tag', {label: 'B'}]]}}}],"
        + " Router: {default: 'up,m1'}}");
    ccr = ClaudeCodeRouter.builder().config(config).plugins(PluginRegistry.builder().discover(false)
        .provider(AnthropicShapedProvider.factory("fake")).transformer(tag).build()).build();
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(RESPONSE).build());

    MessagesResponse response = ccr.send(request("x"));

    assertThat(((JsonObject) Json.parse(upstream.takeRequest().getBody().utf8())).getString("seen")).isEqualTo("AB");
    assertThat(response.text()).isEqualTo("helloBA");
  }

  @Test
  void unknownTransformerInConfigStopsTheBuildWithASuggestion() {
    CcrConfig config = CcrConfig.parse("{Providers: [{name: 'up', api_base_url: 'https://x.example/v1',"
        + " models: ['m'], transformer: {use: ['fakee']}}], Router: {default: 'up,m'}}");

    assertThatThrownBy(() -> ClaudeCodeRouter.builder().config(config)
            .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
            .build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown transformer \"fakee\" (did you mean \"fake\"?)");
  }
}
