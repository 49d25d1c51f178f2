package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.testing.AnthropicShapedProvider;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The server tells the response cache who asks: one client's cached answer never reaches another. */
class CachedAnswerScopeTest {
  static final String RESPONSE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m1\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
      + "\"usage\":{\"input_tokens\":30,\"output_tokens\":10}}";
  static final String ASK = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\","
      + "\"content\":\"hi\"}]}";

  @Test
  void twoClientKeysAskingTheSameGetTheirOwnAnswersAndTheKeyIsNotSentOn() throws Exception {
    try (MockWebServer upstream = new MockWebServer()) {
      for (int i = 0; i < 3; i++) {
        upstream.enqueue(new MockResponse.Builder().addHeader("content-type", "application/json").body(RESPONSE).build());
      }
      upstream.start();
      String text = "{Providers: [{name: 'up', api_base_url: '" + upstream.url("/v1/messages") + "', api_key: 'sk-up',"
          + " models: ['m1'], transformer: {use: ['fake']}}], Router: {default: 'up,m1'}, caching: {enabled: true}}";
      ClaudeCodeRouter router = ClaudeCodeRouter.builder().config(CcrConfig.parse(text))
          .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
          .build();
      try (CcrServer server = CcrServer.start(router, "127.0.0.1", 0)) {
        OkHttpClient client = new OkHttpClient();
        for (String key : new String[] {"client-a", "client-b", "client-a"}) {
          try (Response r = client.newCall(new Request.Builder().url(server.url() + "/v1/messages").header("x-api-key", key)
              .post(RequestBody.create(ASK, MediaType.get("application/json"))).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
          }
        }
        assertThat(upstream.getRequestCount()).as("client-b is not served client-a's answer; client-a's is replayed")
            .isEqualTo(2);
        assertThat(upstream.takeRequest().getHeaders().get(dev.ccr.cache.ResponseCache.CLIENT_KEY)).isNull();
        assertThat(router.cacheStats().hits()).isEqualTo(1);
      }
    }
  }
}
