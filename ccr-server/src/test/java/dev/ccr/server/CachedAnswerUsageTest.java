package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.testing.AnthropicShapedProvider;
import dev.ccr.testing.EmbeddingsServer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * An answer from the response cache shows in {@code /api/requests} and the usage totals as a cached
 * exchange: free, its tokens saved rather than spent; {@code /api/usage}'s cache section tells exact
 * from semantic hits and counts the embeddings calls.
 */
class CachedAnswerUsageTest {
  static final String RESPONSE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m1\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"four\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
      + "\"usage\":{\"input_tokens\":30,\"output_tokens\":10}}";

  static String ask(String text) {
    return "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
  }

  final OkHttpClient http = new OkHttpClient();

  @Test
  void cachedAnswersAreRecordedFreeWithTheirTokensSavedAndTheHitsSplitByKind() throws Exception {
    try (MockWebServer upstream = new MockWebServer(); EmbeddingsServer embeddings = new EmbeddingsServer()) {
      upstream.enqueue(new MockResponse.Builder().addHeader("content-type", "application/json").body(RESPONSE).build());
      upstream.start();
      embeddings.vector("what is two plus two?", 1, 0).vector("what's 2 + 2?", 0.99f, 0.1f);
      String text = "{Providers: [{name: 'up', api_base_url: '" + upstream.url("/v1/messages") + "', api_key: 'sk-up',"
          + " models: ['m1'], transformer: {use: ['fake']}}, {name: 'emb', api_base_url: '" + embeddings.chatUrl()
          + "', api_key: 'sk-emb', models: ['e'], transformer: {use: ['fake']}}], Router: {default: 'up,m1'},"
          + " Prices: {'up,m1': {input: 1, output: 10}},"
          + " caching: {enabled: true, cacheStrategy: 'semantic-similarity', embedding: {provider: 'emb', model: 'e'}}}";
      ClaudeCodeRouter router = ClaudeCodeRouter.builder().config(CcrConfig.parse(text))
          .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
          .build();
      try (CcrServer server = CcrServer.start(router, "127.0.0.1", 0)) {
        for (String q : new String[] {"what is two plus two?", "what is two plus two?", "what's 2 + 2?"}) {
          try (Response r = http.newCall(new Request.Builder().url(server.url() + "/v1/messages")
              .post(RequestBody.create(ask(q), MediaType.get("application/json"))).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).contains("four");
          }
        }
        assertThat(upstream.getRequestCount()).isEqualTo(1);
        router.usage().flush();

        JsonArray records = get(server, "/api/requests").getArray("data");
        assertThat(records.size()).isEqualTo(3);
        JsonObject newest = records.get(0).asObject();
        JsonObject first = records.get(2).asObject();
        assertThat(newest.toJson()).contains("\"cached\":true", "\"tokens_saved\":40", "\"input_tokens\":0",
            "\"output_tokens\":0", "\"cost\":0", "\"attempts\":0");
        assertThat(first.get("cached")).as("the one the provider answered").isNull();
        assertThat(first.toJson()).contains("\"input_tokens\":30", "\"output_tokens\":10");

        JsonObject usage = get(server, "/api/usage");
        JsonObject total = usage.getObject("total");
        assertThat(total.toJson()).contains("\"requests\":3", "\"input_tokens\":30", "\"output_tokens\":10",
            "\"cached_requests\":2", "\"tokens_saved\":80");
        assertThat(((dev.ccr.json.JsonNumber) total.get("cost")).doubleValue()).as("only the provider's answer cost anything")
            .isCloseTo(30e-6 + 100e-6, org.assertj.core.data.Offset.offset(1e-12));
        JsonObject cache = usage.getObject("cache");
        assertThat(cache.toJson()).contains("\"hits\":2", "\"exact_hits\":1", "\"semantic_hits\":1", "\"misses\":1",
            "\"embedding_calls\":2", "\"embedding_failures\":0", "\"tokens_saved\":80");
      }
    }
  }

  JsonObject get(CcrServer server, String path) throws Exception {
    try (Response r = http.newCall(new Request.Builder().url(server.url() + path).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      return Json.parse(r.body().string()).asObject();
    }
  }
}
