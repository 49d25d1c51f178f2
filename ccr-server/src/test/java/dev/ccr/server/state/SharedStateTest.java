package dev.ccr.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.server.CcrServer;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.state.StateStore;
import dev.ccr.testing.AnthropicShapedProvider;
import dev.ccr.testing.FakeClock;
import static dev.ccr.testing.Eventually.await;
import dev.ccr.testing.RedisServer;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two ccr instances on one real Redis: what one learns, the other knows. */
class SharedStateTest {
  static final String RESPONSE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m1\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
      + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}";

  static RedisServer redis;
  final FakeClock clock = new FakeClock(java.time.Instant.now());
  final List<AutoCloseable> open = new ArrayList<>();
  final String prefix = "t" + UUID.randomUUID() + ":";
  MockWebServer upstream;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @BeforeEach
  void startUpstream() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    upstream.close();
  }

  /** A store on the test's Redis, once connected: writes made before that stay local, as while Redis is down. */
  StateStore store() throws InterruptedException {
    StateStore s = StateStores.redis(RedisURI.create(redis.url()), prefix, clock::now);
    open.add(s);
    await("connected to Redis", ((RedisStateStore) s)::reachable);
    return s;
  }

  ClaudeCodeRouter instance(StateStore state, String extraConfig) {
    CcrConfig config = CcrConfig.parse("{Providers: [{name: 'up', api_base_url: '" + upstream.url("/v1/messages")
        + "', api_keys: ['k-one', 'k-two'], models: ['m1', 'long'], transformer: {use: ['fake']}}],"
        + " Router: {default: 'up,m1', longContext: 'up,long', longContextThreshold: 60000},"
        + " RETRY: {attempts: 2}" + extraConfig + "}");
    ClaudeCodeRouter r = ClaudeCodeRouter.builder().config(config).cacheStore((dev.ccr.cache.CacheStore) state)
        .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
        .clock(clock).state(state)
        .tokenCounter(req -> Integer.parseInt(((dev.ccr.model.TextBlock) req.messages().get(0).content().blocks().get(0))
            .text().replaceAll("\\D", "")))
        .build();
    open.add(r);
    return r;
  }

  static MessagesRequest request(int tokens) {
    return MessagesRequest.builder().model("claude-sonnet-4-5").maxTokens(100)
        .addMessage(Message.user("about " + tokens + " tokens")).build();
  }

  static MockResponse ok() {
    return new MockResponse.Builder().addHeader("content-type", "application/json").body(RESPONSE).build();
  }

  @Test
  void aKeyOneInstanceSawRateLimitedRestsOnTheOtherForAsLongAsRetryAfterSaid() throws Exception {
    StateStore a = store();
    StateStore b = store();
    ClaudeCodeRouter first = instance(a, "");
    ClaudeCodeRouter second = instance(b, "");
    upstream.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after", "30").body("{}").build());
    upstream.enqueue(ok());

    first.send(request(10));
    assertThat(upstream.takeRequest().getHeaders().get("x-api-key")).isEqualTo("k-one");
    assertThat(upstream.takeRequest().getHeaders().get("x-api-key")).isEqualTo("k-two");

    String keyOne = StateStore.keyId("up", "k-one");
    await("the second instance knows k-one rests", () -> b.keyRestsUntil(keyOne) != null);
    assertThat(b.keyRestsUntil(keyOne)).isEqualTo(clock.now().plusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    for (int i = 0; i < 3; i++) {
      upstream.enqueue(ok());
      second.send(request(10));
      assertThat(upstream.takeRequest().getHeaders().get("x-api-key")).as("k-one rests").isEqualTo("k-two");
    }

    clock.advance(30_000);

    List<String> used = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      upstream.enqueue(ok());
      second.send(request(10));
      used.add(upstream.takeRequest().getHeaders().get("x-api-key"));
    }
    assertThat(used).as("its rest is over").contains("k-one");
  }

  @Test
  void theLongContextRuleHoldsWhenASessionsTurnsGoToDifferentInstances() throws Exception {
    StateStore a = store();
    StateStore b = store();
    ClaudeCodeRouter first = instance(a, "");
    ClaudeCodeRouter second = instance(b, "");

    assertThat(first.route(request(75_000), "s-1").model()).isEqualTo("long"); // over the threshold on its own
    await("the second instance knows the session's last turn", () -> b.lastInput("s-1") == 75_000);

    assertThat(second.route(request(30_000), "s-1").model()).as("last turn over 60000, this one over 20000")
        .isEqualTo("long");
    assertThat(second.route(request(30_000), "s-2").model()).as("another session").isEqualTo("m1");
  }

  @Test
  void everyInstancesApiUsageShowsTheCombinedTotals() throws Exception {
    CcrServer one = CcrServer.start(instance(store(), ""), "127.0.0.1", 0);
    open.add(one);
    CcrServer two = CcrServer.start(instance(store(), ""), "127.0.0.1", 0);
    open.add(two);
    for (int i = 0; i < 3; i++) upstream.enqueue(ok());
    one.router().send(request(10));
    one.router().send(request(10));
    two.router().send(request(10));

    for (CcrServer s : List.of(one, two)) {
      await("combined totals on " + s.url(), () -> requests(s) == 3);
      JsonObject usage = usage(s);
      assertThat(usage.getObject("total").get("input_tokens").toJson()).isEqualTo("9");
      assertThat(usage.getObject("by_route").getObject("up,m1").get("requests").toJson()).isEqualTo("3");
    }
    assertThat(usage(one).getObject("this_instance").get("requests").toJson()).isEqualTo("2");
  }

  static long requests(CcrServer s) {
    return Long.parseLong(usage(s).getObject("total").get("requests").toJson());
  }

  static JsonObject usage(CcrServer s) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(s.url() + "/api/usage"))
          .build(), HttpResponse.BodyHandlers.ofString());
      return (JsonObject) Json.parse(r.body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void redisKilledMidTestAndRestartedLosesNoRequestAndSharingResumes() throws Exception {
    StateStore a = store();
    StateStore b = store();
    ClaudeCodeRouter first = instance(a, "");
    ClaudeCodeRouter second = instance(b, "");
    int sent = 0;
    for (int i = 0; i < 2; i++, sent += 2) {
      upstream.enqueue(ok());
      upstream.enqueue(ok());
      first.send(request(10));
      second.send(request(10));
    }
    int before = sent;
    await("totals shared before Redis goes", () -> total(first) == before && total(second) == before);

    redis.kill();
    for (int i = 0; i < 3; i++, sent += 2) { // every request is served, from each instance's own state
      upstream.enqueue(ok());
      upstream.enqueue(ok());
      assertThat(first.send(request(10)).content()).isNotEmpty();
      assertThat(second.send(request(10)).content()).isNotEmpty();
    }
    assertThat(first.route(request(75_000), "s-down").model()).isEqualTo("long");
    redis.startAgain(); // empty: it kept nothing on disk

    int all = sent;
    await("every request counted on both once Redis is back", () -> total(first) == all && total(second) == all);
    String keyOne = StateStore.keyId("up", "k-two");
    a.restKey(keyOne, clock.now().plusSeconds(60));
    await("a rest written after the restart is shared", () -> b.keyRestsUntil(keyOne) != null);
  }

  static long total(ClaudeCodeRouter r) {
    return r.combinedUsage().values().stream().mapToLong(dev.ccr.usage.Totals::requests).sum();
  }

  @Test
  void aRateLimitHoldsAcrossInstancesWithAtMostOneOver() throws Exception {
    String limits = ", RATE_LIMITS: {routes: {'up,m1': {requests_per_minute: 7}}}";
    List<ClaudeCodeRouter> instances = List.of(instance(store(), limits), instance(store(), limits));
    MessagesRequest request = request(10);
    dev.ccr.routing.Route route = instances.get(0).route(request);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Callable<Boolean>> tries = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ClaudeCodeRouter on = instances.get(i % 2);
        tries.add(() -> {
          try {
            on.admit(request, route, null);
            return true;
          } catch (dev.ccr.LimitExceededException e) {
            return false;
          }
        });
      }
      long admitted = 0;
      for (java.util.concurrent.Future<Boolean> f : pool.invokeAll(tries)) if (f.get()) admitted++;
      assertThat(admitted).as("seven a minute over both instances, at most one over").isBetween(7L, 8L);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anAnswerCachedByOneInstanceIsReplayedByTheOther() throws Exception {
    String caching = ", caching: {enabled: true}";
    ClaudeCodeRouter first = instance(store(), caching);
    StateStore b = store();
    ClaudeCodeRouter second = instance(b, caching);
    upstream.enqueue(ok());
    MessagesRequest request = request(10);
    dev.ccr.routing.Route route = first.route(request);

    String answer = dev.ccr.model.AnthropicJson.write(
        ((dev.ccr.Reply.Message) first.exchange(request, null, java.util.Map.of(), route)).message());
    String key = dev.ccr.cache.ResponseCache.of(first.config(), null, clock::now).keyFor(request, route,
        java.util.Map.of(), first.config().provider(route.provider()).orElseThrow());
    await("the answer reached Redis", () -> ((dev.ccr.cache.CacheStore) b).get(key) != null);

    dev.ccr.Reply replayed = second.exchange(request, null, java.util.Map.of(), second.route(request));
    assertThat(dev.ccr.model.AnthropicJson.write(((dev.ccr.Reply.Message) replayed).message())).isEqualTo(answer);
    assertThat(upstream.getRequestCount()).isEqualTo(1);
    assertThat(second.cacheStats().hits()).isEqualTo(1);
  }

  @Test
  void anAnswerOneInstanceGotIsReplayedByTheOtherForASimilarLastUserText() throws Exception {
    try (dev.ccr.testing.EmbeddingsServer embeddings = new dev.ccr.testing.EmbeddingsServer()) {
      embeddings.vector("about 10 tokens", 1, 0, 0).vector("about 10 tokens please", 0.99f, 0.1f, 0);
      String caching = ", caching: {enabled: true, cacheStrategy: 'semantic-similarity', embedding: {url: '"
          + embeddings.chatUrl().replace("chat/completions", "embeddings") + "', model: 'e'}}";
      ClaudeCodeRouter first = instance(store(), caching);
      ClaudeCodeRouter second = instance(store(), caching);
      upstream.enqueue(ok());
      MessagesRequest asked = request(10);
      String answer = dev.ccr.model.AnthropicJson.write(
          ((dev.ccr.Reply.Message) first.exchange(asked, null, java.util.Map.of(), first.route(asked))).message());
      io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.url());
      try (var redisConnection = client.connect()) {
        await("the candidate reached Redis", () -> !redisConnection.sync().keys(prefix + "cache:semantic:*").isEmpty());
        assertThat(redisConnection.sync().pttl(redisConnection.sync().keys(prefix + "cache:semantic:*").get(0)))
            .as("the candidate list expires with the cache's ttl").isPositive();
      } finally {
        client.shutdown();
      }

      MessagesRequest similar = MessagesRequest.builder().model("claude-sonnet-4-5").maxTokens(100)
          .addMessage(Message.user("about 10 tokens please")).build();
      dev.ccr.Reply replayed = second.exchange(similar, null, java.util.Map.of(), second.route(similar));
      assertThat(dev.ccr.model.AnthropicJson.write(((dev.ccr.Reply.Message) replayed).message())).isEqualTo(answer);
      assertThat(upstream.getRequestCount()).isEqualTo(1);
      assertThat(second.cacheStats().semanticHits()).isEqualTo(1);
    }
  }

  @Test
  void aFrozenRedisHoldsNoRequestForeverAndSharingResumesWhenItThaws() throws Exception {
    StateStore a = store();
    StateStore b = store();
    ClaudeCodeRouter first = instance(a, ", RATE_LIMITS: {routes: {'up,m1': {requests_per_minute: 1000}}}");
    ClaudeCodeRouter second = instance(b, "");

    redis.pause();
    try {
      for (int i = 0; i < 3; i++) { // each read waits its small budget at most, then the store stops asking
        upstream.enqueue(ok());
        upstream.enqueue(ok());
        MessagesRequest r = request(10);
        dev.ccr.routing.Route route = first.route(r, "s-frozen");
        first.admit(r, route, null);
        assertThat(first.send(r, route).content()).isNotEmpty();
        assertThat(second.send(request(10)).content()).isNotEmpty();
      }
      assertThat(((RedisStateStore) a).reachable()).as("marked down, so requests stop asking").isFalse();
    } finally {
      redis.resume();
    }

    await("shared again after the thaw", () -> ((RedisStateStore) a).reachable() && total(second) == 6);
  }
}
