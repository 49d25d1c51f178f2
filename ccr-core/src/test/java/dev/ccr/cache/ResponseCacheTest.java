package dev.ccr.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.ConfigException;
import dev.ccr.Reply;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.JsonObject;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.StreamEvent;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.testing.AnthropicShapedProvider;
import dev.ccr.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {
  static final String RESPONSE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m1\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
      + "\"usage\":{\"input_tokens\":30,\"output_tokens\":10}}";
  static final String STREAM = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\","
      + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m1\",\"content\":[],\"stop_reason\":null,"
      + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
      + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
      + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
      + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" there\"}}\n\n"
      + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
      + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}\n\n"
      + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

  final FakeClock clock = new FakeClock();
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

  ClaudeCodeRouter router(String caching) {
    CcrConfig config = CcrConfig.parse("{Providers: [{name: 'up', api_base_url: '" + upstream.url("/v1/messages")
        + "', api_key: 'sk-up', models: ['m1', 'm2'], transformer: {use: ['fake']}}], Router: {default: 'up,m1'}"
        + caching + "}");
    return ccr = ClaudeCodeRouter.builder().config(config).clock(clock)
        .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
        .build();
  }

  static MessagesRequest request(String json) {
    return AnthropicJson.readRequest(json);
  }

  static final String ASK = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,\"temperature\":0.2,"
      + "\"system\":[{\"type\":\"text\",\"text\":\"be brief\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
      + "\"metadata\":{\"user_id\":\"u1\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  /** The same request but for cache-control hints, its members in another order. */
  static final String SAME = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":50,"
      + "\"model\":\"claude-sonnet-4-5\",\"system\":[{\"type\":\"text\",\"text\":\"be brief\"}],\"temperature\":0.2,"
      + "\"metadata\":{\"user_id\":\"u1\"}}";

  void enqueueJson() {
    upstream.enqueue(new MockResponse.Builder().addHeader("content-type", "application/json").body(RESPONSE).build());
  }

  Reply exchange(String json) {
    return exchange(json, Map.of());
  }

  Reply exchange(String json, Map<String, String> clientHeaders) {
    MessagesRequest r = request(json);
    return ccr.exchange(r, json.getBytes(java.nio.charset.StandardCharsets.UTF_8), clientHeaders, ccr.route(r));
  }

  String text(Reply reply) {
    return AnthropicJson.write(((Reply.Message) reply).message());
  }

  @Test
  void offByDefault() {
    router("");
    enqueueJson();
    enqueueJson();
    exchange(ASK).close();
    exchange(ASK).close();
    assertThat(upstream.getRequestCount()).isEqualTo(2);
    assertThat(ccr.cacheStats().enabled()).isFalse();
  }

  @Test
  void theSameRequestButForCacheControlIsAnsweredFromTheCacheAndOtherSamplingIsNot() {
    router(", caching: {enabled: true, ttl: 60}");
    enqueueJson();
    enqueueJson();

    String first = text(exchange(ASK));
    String replayed = text(exchange(SAME));
    assertThat(replayed).isEqualTo(first);
    assertThat(upstream.getRequestCount()).isEqualTo(1);

    exchange(ASK.replace("0.2", "0.9")).close();
    assertThat(upstream.getRequestCount()).as("another temperature is another request").isEqualTo(2);
    CacheStats stats = ccr.cacheStats();
    assertThat(stats.hits()).isEqualTo(1);
    assertThat(stats.misses()).isEqualTo(2);
    assertThat(stats.tokensSaved()).isEqualTo(40);
    assertThat(stats.bytes()).isPositive();

    clock.advance(Duration.ofSeconds(61).toMillis());
    enqueueJson();
    exchange(ASK).close();
    assertThat(upstream.getRequestCount()).as("expired after its ttl").isEqualTo(3);
  }

  @Test
  void twoClientsOrUsersOrPresetsOrAnthropicHeadersNeverShareAnEntry() throws Exception {
    router(", caching: {enabled: true}");
    for (int i = 0; i < 8; i++) enqueueJson();
    Map<String, String> alice = Map.of(ResponseCache.CLIENT_KEY, "key-alice");
    exchange(ASK, alice).close();
    exchange(ASK, alice).close();
    assertThat(upstream.getRequestCount()).as("the same client, user and prompt share").isEqualTo(1);
    assertThat(upstream.takeRequest().getHeaders().get(ResponseCache.CLIENT_KEY)).as("ccr's own, not sent on").isNull();

    exchange(ASK, Map.of(ResponseCache.CLIENT_KEY, "key-bob")).close();
    assertThat(upstream.getRequestCount()).as("another client key").isEqualTo(2);
    exchange(ASK).close();
    assertThat(upstream.getRequestCount()).as("no client key").isEqualTo(3);
    exchange(ASK.replace("\"u1\"", "\"u2\""), alice).close();
    assertThat(upstream.getRequestCount()).as("another metadata.user_id").isEqualTo(4);
    exchange(ASK, Map.of(ResponseCache.CLIENT_KEY, "key-alice", ResponseCache.PRESET, "p1")).close();
    assertThat(upstream.getRequestCount()).as("another preset").isEqualTo(5);
    exchange(ASK, Map.of(ResponseCache.CLIENT_KEY, "key-alice", "anthropic-beta", "b1")).close();
    assertThat(upstream.getRequestCount()).as("another anthropic-beta").isEqualTo(6);
    exchange(ASK, Map.of(ResponseCache.CLIENT_KEY, "key-alice", "anthropic-version", "2023-06-01")).close();
    assertThat(upstream.getRequestCount()).as("another anthropic-version").isEqualTo(7);
  }

  @Test
  void aChangedTransformerOptionMissesInTheSameStore() {
    MemoryCacheStore shared = new MemoryCacheStore(1 << 20, clock::now);
    for (int i = 0; i < 3; i++) enqueueJson();
    for (String flavour : List.of("a", "a", "b")) {
      CcrConfig config = CcrConfig.parse("{Providers: [{name: 'up', api_base_url: '" + upstream.url("/v1/messages")
          + "', api_key: 'sk-up', models: ['m1'], transformer: {use: [['fake', {flavour: '" + flavour + "'}]]}}],"
          + " Router: {default: 'up,m1'}, caching: {enabled: true}}");
      try (ClaudeCodeRouter r = ClaudeCodeRouter.builder().config(config).clock(clock).cacheStore(shared)
          .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
          .build()) {
        ccr = r;
        exchange(ASK).close();
      }
    }
    ccr = null;
    assertThat(upstream.getRequestCount()).as("the same entry hits, a changed option misses").isEqualTo(2);
  }

  @Test
  void aStreamIsReplayedEventForEvent() {
    router(", caching: {enabled: true}");
    upstream.enqueue(new MockResponse.Builder().addHeader("content-type", "text/event-stream").body(STREAM).build());
    String ask = ASK.replace("\"max_tokens\":50", "\"max_tokens\":50,\"stream\":true");

    List<String> first = events(exchange(ask));
    List<String> second = events(exchange(ask));

    assertThat(second).isEqualTo(first).hasSize(7);
    assertThat(upstream.getRequestCount()).isEqualTo(1);
    assertThat(ccr.cacheStats().tokensSaved()).isEqualTo(7);
  }

  /** A streamed request answered by the provider, then again from the cache: the replay's record. */
  private dev.ccr.usage.UsageRecord replayedStream(String config) throws Exception {
    router(config);
    upstream.enqueue(new MockResponse.Builder().addHeader("content-type", "text/event-stream").body(STREAM).build());
    String ask = ASK.replace("\"max_tokens\":50", "\"max_tokens\":50,\"stream\":true");
    events(exchange(ask));
    events(exchange(ask));
    ccr.usage().flush();
    return ccr.usage().recent(1).get(0);
  }

  @Test
  void aReplayOnAnUnpricedRouteHasNoCostRatherThanZero() throws Exception {
    dev.ccr.usage.UsageRecord replayed = replayedStream(", caching: {enabled: true}");
    assertThat(replayed.cached()).isTrue();
    assertThat(replayed.cost()).as("no price known: no cost, never $0").isNull();
  }

  @Test
  void aReplayedAnswerIsRecordedAsACachedExchangeThatSpentNothing() throws Exception {
    dev.ccr.usage.UsageRecord replayed = replayedStream(", caching: {enabled: true}, Prices: {'up,m1': {input: 1, output: 10}}");
    assertThat(replayed.cached()).isTrue();
    assertThat(replayed.tokensSaved()).isEqualTo(7);
    assertThat(replayed.inputTokens() + replayed.outputTokens()).isZero();
    assertThat(replayed.cost()).isZero();
    assertThat(replayed.attempts()).isZero();
    dev.ccr.usage.Totals total = ccr.usage().total();
    assertThat(total.requests()).isEqualTo(2);
    assertThat(total.cachedRequests()).isEqualTo(1);
    assertThat(total.tokensSaved()).isEqualTo(7);
    assertThat(total.inputTokens() + total.outputTokens()).as("only the provider's answer").isEqualTo(7);
    assertThat(ccr.usage().rolling("up,m1")).as("a replay says nothing of the route's health").hasSize(1);
  }

  @Test
  void anAnswerOverMaxEntrySizeIsNotKept() {
    router(", caching: {enabled: true, maxEntrySize: 200}");
    String ask = ASK.replace("\"max_tokens\":50", "\"max_tokens\":50,\"stream\":true");
    for (int i = 0; i < 2; i++) {
      upstream.enqueue(new MockResponse.Builder().addHeader("content-type", "text/event-stream").body(STREAM).build());
    }
    assertThat(events(exchange(ask))).as("the client still gets all of it").hasSize(7);
    assertThat(events(exchange(ask))).hasSize(7);
    enqueueJson();
    enqueueJson();
    exchange(ASK).close();
    exchange(ASK).close();
    assertThat(upstream.getRequestCount()).as("a stream and a message over 200 bytes, each asked twice").isEqualTo(4);
    assertThat(ccr.cacheStats().bytes()).isZero();
  }

  List<String> events(Reply reply) {
    List<String> out = new ArrayList<>();
    try (reply) {
      for (StreamEvent e : ((Reply.Events) reply).events()) out.add(AnthropicJson.write(e));
    }
    return out;
  }

  static final String TOOL_TURN = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,\"messages\":["
      + "{\"role\":\"user\",\"content\":\"read it\"},"
      + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"read\",\"input\":{}}]},"
      + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"42\"}]}]}";

  @Test
  void requestsCarryingToolResultsAreNotCachedUnlessAsked() {
    router(", caching: {enabled: true}");
    for (int i = 0; i < 3; i++) enqueueJson();
    exchange(TOOL_TURN).close();
    exchange(TOOL_TURN).close();
    assertThat(upstream.getRequestCount()).isEqualTo(2);
    ccr.close();

    router(", caching: {enabled: true, cacheToolResults: true}");
    exchange(TOOL_TURN).close();
    exchange(TOOL_TURN).close();
    assertThat(upstream.getRequestCount()).isEqualTo(3);
  }

  @Test
  void theMemoryStoreKeepsWithinItsBoundLeastRecentlyUsedOut() {
    MemoryCacheStore store = new MemoryCacheStore(10, clock::now);
    store.put("a", new byte[4], Duration.ofMinutes(1));
    store.put("b", new byte[4], Duration.ofMinutes(1));
    store.get("a");
    store.put("c", new byte[4], Duration.ofMinutes(1));
    assertThat(store.get("b")).as("least recently used").isNull();
    assertThat(store.get("a")).isNotNull();
    assertThat(store.bytes()).isEqualTo(8);
    store.put("huge", new byte[11], Duration.ofMinutes(1));
    assertThat(store.get("huge")).isNull();
    assertThat(store.bytes()).isEqualTo(8);
    store.bound(4); // a reloaded config's smaller maxCacheSize
    assertThat(store.bytes()).isEqualTo(4);
    assertThat(store.get("a")).as("the most recently used stays").isNotNull();
  }

  @Test
  void badSettingsAreNamed() {
    assertThatThrownBy(() -> router(", caching: {enabled: true, ttl: 0, maxCacheSize: 'lots', maxEntrySize: 'huge', cacheStrategy: 'semantic-similarity'}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("caching.ttl")
        .hasMessageContaining("caching.maxCacheSize")
        .hasMessageContaining("caching.maxEntrySize")
        .hasMessageContaining("semantic-similarity");
    assertThat(ResponseCache.size(JsonObject.builder().put("s", "500MB").build().get("s"))).isEqualTo(500L << 20);
  }
}
