package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.server.CcrServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartCommandTest {
  /** An OpenAI-style answer with 7 input tokens, and the Messages request that gets it. */
  static final MockResponse REPLY = new MockResponse.Builder().setHeader("Content-Type", "application/json")
      .body("{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
          + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":1}}").build();
  static final String ASK = "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @Test
  void usageFiguresSurviveAConfigReload(@TempDir Path home) throws Exception {
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      upstream.enqueue(REPLY);
      Path config = home.resolve("config.json");
      String text = "{Providers: [{name: 'up', api_base_url: '" + upstream.url("/v1/chat/completions") + "', api_key: 'k',"
          + " models: ['m', 'n']}], Router: {default: 'up,m'}}";
      Files.writeString(config, text);
      PrintWriter quiet = new PrintWriter(new StringWriter());
      CcrServer server = StartCommand.serve(ServerOptions.of(config, "127.0.0.1", 0), quiet, quiet);
      try (Response r = new OkHttpClient().newCall(new Request.Builder().url(server.url() + "/v1/messages")
          .post(RequestBody.create(ASK, MediaType.get("application/json"))).build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
      }
      ClaudeCodeRouter first = server.router();
      first.usage().flush();

      Files.writeString(config, text.replace("default: 'up,m'", "default: 'up,n'"));
      ClaudeCodeRouter reloaded = StartCommand.reloader(first.usage()).apply(config);
      server.replace(reloaded);

      assertThat(server.router().config().router().target("default").model()).isEqualTo("n");
      assertThat(server.router().usage()).isSameAs(first.usage());
      assertThat(server.router().usage().total().inputTokens()).isEqualTo(7);
      server.close();
    }
  }

  @Test
  void cachedAnswersAndCacheCountsSurviveAConfigReload(@TempDir Path home) throws Exception {
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      upstream.enqueue(REPLY);
      Path config = home.resolve("config.json");
      String text = "{Providers: [{name: 'up', api_base_url: '" + upstream.url("/v1/chat/completions") + "', api_key: 'k',"
          + " models: ['m']}], Router: {default: 'up,m'}, caching: {enabled: true}}";
      Files.writeString(config, text);
      dev.ccr.config.CcrConfig loaded = dev.ccr.config.CcrConfig.load(config);
      dev.ccr.usage.UsageLedger usage = dev.ccr.usage.UsageLedger.forConfig(loaded, java.time.Instant.now());
      try (dev.ccr.state.LocalStateStore state = new dev.ccr.state.LocalStateStore(java.time.Instant::now)) {
        StartCommand.ServerCache cache = StartCommand.ServerCache.of(state);
        try (ClaudeCodeRouter first = StartCommand.router(loaded, usage, state, cache)) {
          ask(first, ASK);
        }
        Files.writeString(config, text.replace("caching:", "API_TIMEOUT_MS: 60000, caching:"));
        try (ClaudeCodeRouter reloaded = StartCommand.reloader(usage, state, cache).apply(config)) {
          ask(reloaded, ASK);
          assertThat(upstream.getRequestCount()).as("answered from the cache kept across the reload").isEqualTo(1);
          assertThat(reloaded.cacheStats().hits()).isEqualTo(1);
          assertThat(reloaded.cacheStats().misses()).as("counted before the reload").isEqualTo(1);
        }
      }
      usage.close();
    }
  }

  private static void ask(ClaudeCodeRouter router, String json) {
    dev.ccr.model.MessagesRequest r = dev.ccr.model.AnthropicJson.readRequest(json);
    router.exchange(r, json.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of(), router.route(r)).close();
  }
}
