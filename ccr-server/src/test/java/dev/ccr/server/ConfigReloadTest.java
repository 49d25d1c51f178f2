package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReloadTest {
  /** Long enough that the timer never fires during a test: each test looks at the file itself. */
  static final Duration NEVER = Duration.ofHours(1);

  static String config(String defaultModel) {
    return "{Providers: [{name: 'p', api_base_url: 'https://p.example/v1/chat/completions', models: ['a', 'b']}],"
        + " Router: {default: 'p," + defaultModel + "'}}";
  }

  static String routeOf(CcrServer server) {
    return server.router().route(MessagesRequest.builder().model("x").addMessage(Message.user("hi")).build()).target();
  }

  /** Writes the file with a modification time that differs from every earlier write's. */
  static void write(Path file, String text) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(COUNTER.incrementAndGet())));
  }

  private static final AtomicInteger COUNTER = new AtomicInteger();

  static ClaudeCodeRouter load(Path f) {
    return ClaudeCodeRouter.builder().config(CcrConfig.load(f)).build();
  }

  @Test
  void aChangedConfigIsPickedUpAndAnInvalidOneKeepsTheOld(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, config("a"));
    try (CcrServer server = CcrServer.start(load(file), "127.0.0.1", 0)) {
      server.watch(file, NEVER, ConfigReloadTest::load);
      assertThat(server.configWatch().poll()).isEqualTo(ConfigWatch.Result.UNCHANGED);
      assertThat(routeOf(server)).isEqualTo("p,a");

      write(file, config("b"));
      assertThat(server.configWatch().poll()).isEqualTo(ConfigWatch.Result.RELOADED);
      assertThat(routeOf(server)).isEqualTo("p,b");

      write(file, "{Providers: [{name: 'p', api_base_url: 'not a url'}], Router: {default: 'p,a'}}");
      assertThat(server.configWatch().poll()).isEqualTo(ConfigWatch.Result.KEPT_OLD);
      assertThat(routeOf(server)).as("the invalid file is not used").isEqualTo("p,b");
    }
  }

  @Test
  void aChangedLogLevelOrStateIsReloadedAndSaysItNeedsARestart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, config("a"));
    try (LogCapture log = LogCapture.of(ConfigWatch.class);
        CcrServer server = CcrServer.start(load(file), "127.0.0.1", 0)) {
      server.watch(file, NEVER, ConfigReloadTest::load);
      write(file, config("b"));
      assertThat(server.configWatch().poll()).isEqualTo(ConfigWatch.Result.RELOADED);
      assertThat(log.lines()).noneMatch(l -> l.contains("LOG_LEVEL"));

      write(file, config("b").replace("{Providers", "{LOG_LEVEL: 'debug', Providers"));
      assertThat(server.configWatch().poll()).isEqualTo(ConfigWatch.Result.RELOADED);
      assertThat(log.lines()).anyMatch(l -> l.contains("LOG/LOG_LEVEL changed") && l.contains("until ccr restart"));
      assertThat(log.lines()).noneMatch(l -> l.contains("STATE"));

      write(file, config("b").replace("{Providers", "{STATE: {redis: 'redis://:s3cret@127.0.0.1:1/0'}, Providers"));
      assertThat(server.configWatch().poll()).isEqualTo(ConfigWatch.Result.RELOADED);
      assertThat(log.lines()).anyMatch(l -> l.contains("STATE changes need ccr restart")).noneMatch(l -> l.contains("s3cret"));
    }
  }

  @Test
  void aConfigFileThatAppearsLaterIsPickedUp(@TempDir Path dir) throws Exception {
    Path sample = dir.resolve("sample.json");
    Files.writeString(sample, config("a"));
    Path file = dir.resolve("config.json"); // not there yet, as when ccr starts on its sample
    try (CcrServer server = CcrServer.start(load(sample), "127.0.0.1", 0)) {
      server.watch(file, NEVER, ConfigReloadTest::load);
      assertThat(server.configWatch().poll()).isEqualTo(ConfigWatch.Result.UNCHANGED);

      write(file, config("b"));
      assertThat(server.configWatch().poll()).isEqualTo(ConfigWatch.Result.RELOADED);
      assertThat(routeOf(server)).isEqualTo("p,b");
    }
  }

  @Test
  void aReloadAfterTheServerStoppedServesNothing(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, config("a"));
    CcrServer server = CcrServer.start(load(file), "127.0.0.1", 0);
    server.watch(file, NEVER, ConfigReloadTest::load);
    server.close();

    write(file, config("b"));
    assertThat(server.configWatch().poll()).isEqualTo(ConfigWatch.Result.KEPT_OLD);
    assertThat(server.replace(load(file))).isFalse();
  }

  @Test
  void theTimerLooksAtTheFileByItself(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, config("a"));
    try (CcrServer server = CcrServer.start(load(file), "127.0.0.1", 0)) {
      server.watch(file, Duration.ofMillis(20), ConfigReloadTest::load);
      write(file, config("b"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); // a safety net, not the assertion
      while (!routeOf(server).equals("p,b") && System.nanoTime() < deadline) Thread.sleep(20);
      assertThat(routeOf(server)).isEqualTo("p,b");
    }
  }

  @Test
  void aReloadThatWouldDropAuthenticationOnANetworkBindIsRefused(@TempDir Path dir) throws Exception {
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      String withKey = "{HOST: '0.0.0.0', APIKEY: 'secret-1', Providers: [{name: 'p', api_base_url: '"
          + upstream.url("/v1/chat/completions") + "', models: ['a']}], Router: {default: 'p,a'}}";
      Path file = dir.resolve("config.json");
      Files.writeString(file, withKey);
      try (LogCapture log = LogCapture.of(ConfigWatch.class);
          CcrServer server = CcrServer.start(load(file), "0.0.0.0", 0)) {
        server.watch(file, NEVER, ConfigReloadTest::load);
        assertThat(post(server, null).code()).isEqualTo(401);

        write(file, withKey.replace("APIKEY: 'secret-1', ", ""));
        assertThat(server.configWatch().poll()).isEqualTo(ConfigWatch.Result.KEPT_OLD);
        assertThat(post(server, null).code()).as("still locked").isEqualTo(401);
        assertThat(upstream.getRequestCount()).isZero();
        assertThat(log.lines()).as("the log says why").singleElement().asString()
            .contains("Kept the running config", file.toString(), "no APIKEY", "HOST 0.0.0.0 would expose the proxy");

        write(file, withKey.replace("'secret-1'", "'$CCR_TEST_SURELY_UNSET_KEY'"));
        assertThat(server.configWatch().poll()).as("an unset variable is no key").isEqualTo(ConfigWatch.Result.KEPT_OLD);
        assertThat(post(server, null).code()).isEqualTo(401);
        assertThat(log.lines()).hasSize(2).last().asString()
            .contains("Kept the running config", "APIKEY", "CCR_TEST_SURELY_UNSET_KEY");
        assertThat(log.lines()).as("no key value is logged").noneMatch(l -> l.contains("secret-1"));

        write(file, withKey.replace("secret-1", "secret-2"));
        assertThat(server.configWatch().poll()).isEqualTo(ConfigWatch.Result.RELOADED);
        assertThat(post(server, "secret-1").code()).isEqualTo(401);
        upstream.enqueue(new MockResponse.Builder().body("{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"a\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}")
            .build());
        assertThat(post(server, "secret-2").code()).isEqualTo(200);
      }
    }
  }

  @Test
  void aLoopbackServerMayDropItsKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, config("a").replace("{Providers", "{APIKEY: 'k', Providers"));
    try (CcrServer server = CcrServer.start(load(file), "127.0.0.1", 0)) {
      server.watch(file, NEVER, ConfigReloadTest::load);
      write(file, config("b"));
      assertThat(server.configWatch().poll()).isEqualTo(ConfigWatch.Result.RELOADED);
      assertThat(server.router().config().apiKey()).isNull();
    }
  }

  private static Response post(CcrServer server, String key) throws Exception {
    Request.Builder b = new Request.Builder().url("http://127.0.0.1:" + server.port() + "/v1/messages")
        .post(RequestBody.create("{\"model\":\"x\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            MediaType.get("application/json")));
    if (key != null) b.header("x-api-key", key);
    try (Response r = new OkHttpClient().newCall(b.build()).execute()) {
      return r;
    }
  }
}
