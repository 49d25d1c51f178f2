package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReloadTest {
  static String config(String defaultModel) {
    return "{Providers: [{name: 'p', api_base_url: 'https://p.example/v1/chat/completions', models: ['a', 'b']}],"
        + " Router: {default: 'p," + defaultModel + "'}}";
  }

  static String routeOf(CcrServer server) {
    return server.router().route(MessagesRequest.builder().model("x").addMessage(Message.user("hi")).build()).target();
  }

  static void write(Path file, String text, int secondsLater) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsLater)));
  }

  @Test
  void aChangedConfigIsPickedUpAndAnInvalidOneKeepsTheOld(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, config("a"));
    try (CcrServer server = CcrServer.start(ClaudeCodeRouter.builder().config(CcrConfig.load(file)).build(), "127.0.0.1", 0)) {
      server.watch(file, Duration.ofMillis(50), f -> ClaudeCodeRouter.builder().config(CcrConfig.load(f)).build());
      assertThat(routeOf(server)).isEqualTo("p,a");

      write(file, config("b"), 5);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!routeOf(server).equals("p,b") && System.nanoTime() < deadline) Thread.sleep(20);
      assertThat(routeOf(server)).isEqualTo("p,b");

      write(file, "{Providers: [{name: 'p', api_base_url: 'not a url'}], Router: {default: 'p,a'}}", 10);
      Thread.sleep(500); // well past several checks
      assertThat(routeOf(server)).as("the invalid file is not used").isEqualTo("p,b");
    }
  }
}
