package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesRequest;
import dev.ccr.server.CcrServer;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.testing.AnthropicShapedProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheStatsCommandTest {
  static final String RESPONSE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m1\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
      + "\"usage\":{\"input_tokens\":30,\"output_tokens\":10}}";
  static final String ASK = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\","
      + "\"content\":\"hi\"}]}";

  @TempDir Path dir;
  final InProcess ccr = new InProcess();

  @Test
  void showsTheRunningProxysHitsMissesBytesAndTokensSavedAskingWithItsApiKey() throws Exception {
    String config = "{APIKEY: 'proxy-key', Providers: [{name: 'up', api_base_url: 'URL', api_key: 'sk-up',"
        + " models: ['m1'], transformer: {use: ['fake']}}], Router: {default: 'up,m1'}, caching: {enabled: true}}";
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.enqueue(new MockResponse.Builder().addHeader("content-type", "application/json").body(RESPONSE).build());
      upstream.start();
      String text = config.replace("URL", upstream.url("/v1/messages").toString());
      Path file = Files.writeString(dir.resolve("config.json"), text);
      ClaudeCodeRouter router = ClaudeCodeRouter.builder().config(CcrConfig.parse(text))
          .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
          .build();
      try (CcrServer server = CcrServer.start(router, "127.0.0.1", 0)) {
        for (int i = 0; i < 3; i++) {
          MessagesRequest r = AnthropicJson.readRequest(ASK);
          router.exchange(r, null, Map.of(), router.route(r)).close();
        }

        assertThat(ccr.run("cache-stats", "--url", server.url(), "--config", file.toString())).isZero();
      }
    }
    assertThat(ccr.out()).contains("response cache: exact").contains("hits:         2 (2 exact, 0 semantic)")
        .contains("misses:       1").doesNotContain("embeddings:")
        .contains("hit rate:     67%").contains("tokens saved: 80").containsPattern("bytes: +[1-9][0-9]*");
  }

  @Test
  void showsSemanticHitsAndEmbeddingsCallsAndFailures() throws Exception {
    try (MockWebServer upstream = new MockWebServer(); dev.ccr.testing.EmbeddingsServer embeddings =
        new dev.ccr.testing.EmbeddingsServer().vector("hi", 1, 0).vector("hi there", 0.99f, 0.1f)) {
      upstream.enqueue(new MockResponse.Builder().addHeader("content-type", "application/json").body(RESPONSE).build());
      upstream.enqueue(new MockResponse.Builder().addHeader("content-type", "application/json").body(RESPONSE).build());
      upstream.start();
      String text = "{Providers: [{name: 'up', api_base_url: '" + upstream.url("/v1/messages") + "', api_key: 'sk-up',"
          + " models: ['m1'], transformer: {use: ['fake']}}, {name: 'emb', api_base_url: '" + embeddings.chatUrl()
          + "', models: ['e'], transformer: {use: ['fake']}}], Router: {default: 'up,m1'},"
          + " caching: {enabled: true, cacheStrategy: 'semantic-similarity', embedding: {provider: 'emb', model: 'e'}}}";
      Path file = Files.writeString(dir.resolve("config.json"), text);
      ClaudeCodeRouter router = ClaudeCodeRouter.builder().config(CcrConfig.parse(text))
          .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
          .build();
      try (CcrServer server = CcrServer.start(router, "127.0.0.1", 0)) {
        for (String q : new String[] {"hi", "hi there", "no vector"}) {
          MessagesRequest r = AnthropicJson.readRequest(ASK.replace("\"hi\"", "\"" + q + "\""));
          router.exchange(r, null, Map.of(), router.route(r)).close();
        }
        assertThat(ccr.run("cache-stats", "--url", server.url(), "--config", file.toString())).isZero();
      }
    }
    assertThat(ccr.out()).contains("response cache: semantic-similarity").contains("hits:         1 (0 exact, 1 semantic)")
        .contains("misses:       2").contains("embeddings:   3 calls, 1 failed");
  }

  @Test
  void saysSoWhenNoProxyAnswers() {
    assertThat(ccr.run("cache-stats", "--url", "http://127.0.0.1:1", "--config", dir.resolve("none.json").toString()))
        .isEqualTo(1);
    assertThat(ccr.err()).contains("cannot read http://127.0.0.1:1/api/usage");
  }
}
