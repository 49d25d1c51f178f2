package dev.ccr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.StreamEvent;
import dev.ccr.routing.Route;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.testing.AnthropicShapedProvider;
import dev.ccr.testing.FakeClock;
import dev.ccr.usage.UsageLedger;
import dev.ccr.usage.UsageRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every exchange leaves one usage record, however it ends. */
class UsageRecordingTest {
  MockWebServer upstream;
  ClaudeCodeRouter ccr;
  final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T19:00:00Z"));

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    CcrConfig config = CcrConfig.builder()
        .provider("up", upstream.url("/v1/messages").toString(), "sk-test", List.of("m1"), "fake")
        .provider("backup", upstream.url("/backup").toString(), "sk-test", List.of("b1"), "fake")
        .route("default", "up,m1")
        .set("RETRY", Json.parse("{\"attempts\": 2}"))
        .set("fallback", Json.parse("{\"default\": [\"backup,b1\"]}"))
        .set("Prices", Json.parse("{\"up,m1\": {\"input\": 1, \"output\": 10, \"cache_read\": 0.1}}"))
        .build();
    ccr = ClaudeCodeRouter.builder().config(config).clock(clock)
        .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
        .build();
  }

  @AfterEach
  void stop() {
    ccr.close();
    upstream.close();
  }

  static MessagesRequest request(boolean stream) {
    return ClaudeCodeRouterTest.request("claude-sonnet-4-5").toBuilder().stream(stream).build();
  }

  private UsageRecord onlyRecord() throws InterruptedException {
    ccr.usage().flush();
    List<UsageRecord> all = ccr.usage().recent(10);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  void aWholeAnswerIsRecordedWithItsTokensCostAndSession() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
        .body(ClaudeCodeRouterTest.RESPONSE.replace("\"input_tokens\":3",
            "\"input_tokens\":3000,\"cache_read_input_tokens\":10000")).build());
    Route route = ccr.route(request(false), "sess-1");

    try (Reply reply = ccr.exchange(request(false), null, Map.of("request-id", "req_42"), route)) {
      assertThat(reply).isInstanceOf(Reply.Message.class);
    }

    UsageRecord r = onlyRecord();
    assertThat(r.requestId()).isEqualTo("req_42");
    assertThat(r.time()).isEqualTo(Instant.parse("2026-12-01T19:00:00Z"));
    assertThat(r.sessionId()).isEqualTo("sess-1");
    assertThat(r.scenario()).isEqualTo("default");
    assertThat(r.reason()).isEqualTo("no other rule matched");
    assertThat(r.route()).isEqualTo("up,m1");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(r.inputTokens()).isEqualTo(3000);
    assertThat(r.cacheReadTokens()).isEqualTo(10000);
    assertThat(r.outputTokens()).isEqualTo(1);
    assertThat(r.errorType()).isNull();
    assertThat(r.cost()).isCloseTo((3000 * 1 + 10000 * 0.1 + 1 * 10) / 1e6, within(1e-12));
    assertThat(upstream.takeRequest().getHeaders().get("request-id")).as("ccr's own id stays here").isNull();
  }

  @Test
  void aStreamIsTimedFromItsFirstEventToItsLast() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
        .body(ClaudeCodeRouterTest.STREAM).build());
    Route route = ccr.route(request(true), "sess-2");

    try (Reply reply = ccr.exchange(request(true), null, Map.of(), route)) {
      EventStream<StreamEvent> events = ((Reply.Events) reply).events();
      clock.advance(350);
      events.next(); // message_start: the first token's time
      assertThat(ccr.usage().openStreams()).isEqualTo(1);
      clock.advance(1000);
      while (events.hasNext()) events.next();
    }

    UsageRecord r = onlyRecord();
    assertThat(r.ttftMs()).isEqualTo(350);
    assertThat(r.durationMs()).isEqualTo(1350);
    assertThat(r.inputTokens()).isEqualTo(5);
    assertThat(r.outputTokens()).isEqualTo(2);
    assertThat(r.outputTokensPerSecond()).as("two tokens over the second after the first event").isEqualTo(2.0);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.requestId()).startsWith("req_ccr_");
    assertThat(ccr.usage().openStreams()).isZero();
  }

  @Test
  void aClientThatLeavesMidStreamIsRecordedAsCancelled() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
        .body(ClaudeCodeRouterTest.STREAM).build());

    try (Reply reply = ccr.exchange(request(true), null, Map.of(), ccr.route(request(true)))) {
      ((Reply.Events) reply).events().next();
    }

    UsageRecord r = onlyRecord();
    assertThat(r.status()).isEqualTo(499);
    assertThat(r.errorType()).isEqualTo(UsageRecord.CANCELLED);
    assertThat(r.inputTokens()).as("what message_start reported").isEqualTo(5);
    assertThat(ccr.usage().openStreams()).isZero();
  }

  @Test
  void retriesAndTheFallbackThatAnsweredAreInTheRecord() throws Exception {
    upstream.enqueue(new MockResponse.Builder().code(500).body("{\"error\":{\"message\":\"down\"}}").build());
    upstream.enqueue(new MockResponse.Builder().code(500).body("{\"error\":{\"message\":\"down\"}}").build());
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
        .body(ClaudeCodeRouterTest.RESPONSE).build());

    ccr.send(request(false));

    UsageRecord r = onlyRecord();
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(r.route()).isEqualTo("backup,b1");
    assertThat(r.reason()).isEqualTo("fallback after up,m1");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.cost()).as("no price for backup,b1").isNull();
  }

  @Test
  void aFailedExchangeIsRecordedWithItsErrorType() throws Exception {
    for (int i = 0; i < 4; i++) {
      upstream.enqueue(new MockResponse.Builder().code(503).body("{\"error\":{\"message\":\"busy\"}}").build());
    }

    assertThatThrownBy(() -> ccr.send(request(false))).isInstanceOf(ProviderException.class);

    UsageRecord r = onlyRecord();
    assertThat(r.attempts()).isEqualTo(4);
    assertThat(r.errorType()).isEqualTo("overloaded_error");
    assertThat(r.status()).isGreaterThanOrEqualTo(500);
    assertThat(r.ttftMs()).isEqualTo(-1);
    assertThat(ccr.usage().total().errors()).isEqualTo(1);
  }

  @Test
  void aHostsLedgerOutlivesTheRouter() throws Exception {
    try (UsageLedger shared = new UsageLedger()) {
      ClaudeCodeRouter other = ClaudeCodeRouter.builder().config(ccr.config()).usage(shared)
          .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
          .build();
      upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
          .body(ClaudeCodeRouterTest.RESPONSE).build());
      other.send(request(false));
      other.close();
      shared.flush();
      assertThat(shared.total().requests()).isEqualTo(1);
      assertThat(other.usage()).isSameAs(shared);
    }
  }
}
