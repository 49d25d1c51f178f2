package dev.ccr.server;

import static dev.ccr.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.testing.AnthropicShapedProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  final CountDownLatch release = new CountDownLatch(1);
  final HttpClient http = HttpClient.newHttpClient();
  MockWebServer upstream;
  CcrServer server;

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        release.await(); // the first request holds its place until the test lets it go
        return new MockResponse.Builder().addHeader("content-type", "application/json").body(RateLimitTest.RESPONSE)
            .build();
      }
    });
    upstream.start();
    CcrConfig config = CcrConfig.parse("{Providers: [{name: 'up', api_base_url: '" + upstream.url("/v1/messages")
        + "', api_key: 'sk-up', models: ['m1'], transformer: {use: ['fake']}}], Router: {default: 'up,m1'},"
        + " performance: {maxConcurrentRequests: 1}}");
    server = CcrServer.start(ClaudeCodeRouter.builder().config(config)
        .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
        .build(), "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
    upstream.close();
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFullCcrAnswers529OverloadedInTheClientsFormatAtOnceAndAdmitsAgainWhenAPlaceFrees() throws Exception {
    CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
      try {
        return post("/v1/messages", RateLimitTest.MESSAGES);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    await("the first request reached the provider", () -> upstream.getRequestCount() == 1);

    HttpResponse<String> full = post("/v1/messages", RateLimitTest.MESSAGES);
    HttpResponse<String> fullChat = post("/v1/chat/completions", RateLimitTest.CHAT);

    assertThat(full.statusCode()).isEqualTo(529);
    JsonObject error = ((JsonObject) Json.parse(full.body())).getObject("error");
    assertThat(error.getString("type")).isEqualTo("overloaded_error");
    assertThat(error.getString("message")).contains("maxConcurrentRequests");
    assertThat(fullChat.statusCode()).isEqualTo(529);
    assertThat(((JsonObject) Json.parse(fullChat.body())).getObject("error").getString("code")).isEqualTo("overloaded_error");
    assertThat(upstream.getRequestCount()).as("turned away before reaching the provider").isEqualTo(1);

    release.countDown();
    assertThat(first.get().statusCode()).isEqualTo(200);
    assertThat(post("/v1/messages", RateLimitTest.MESSAGES).statusCode()).as("its place is free again").isEqualTo(200);
  }

  @Test
  void aBadSettingIsAConfigProblem() {
    assertThat(Admission.check(CcrConfig.parse("{Providers: [], performance: {maxConcurrentRequests: 0}}")))
        .singleElement().asString().contains("performance.maxConcurrentRequests");
    assertThat(Admission.check(CcrConfig.parse("{Providers: [], performance: {maxConcurrentRequests: 4,"
        + " requestTimeout: 1000}}"))).isEmpty();
  }
}
