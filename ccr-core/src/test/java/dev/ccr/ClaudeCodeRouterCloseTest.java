package dev.ccr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.config.CcrConfig;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.StreamEvent;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.testing.AnthropicShapedProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What close() leaves behind in the host's JVM. */
class ClaudeCodeRouterCloseTest {

  @Test
  void afterCloseNoThreadKeepsAnEmbeddingJvmAlive(@TempDir Path dir) throws Exception {
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
          .body(ClaudeCodeRouterTest.RESPONSE).build());
      upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
          .body(ClaudeCodeRouterTest.STREAM).build());
      Path output = dir.resolve("out.txt");
      Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
          "-cp", System.getProperty("java.class.path"), Embedder.class.getName(), upstream.url("/v1/messages").toString())
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();

      boolean exited = child.waitFor(60, TimeUnit.SECONDS); // a safety net: the proof is the thread list below
      if (!exited) child.destroyForcibly();
      String out = Files.readString(output);
      assertThat(exited).as(out).isTrue();
      assertThat(out).contains("answer: hello", "events: 7", "non-daemon threads after close: []");
    }
  }

  @Test
  void closeLeavesAClientTheHostPassedInOpen() throws Exception {
    OkHttpClient host = new OkHttpClient();
    CcrConfig config = CcrConfig.builder().provider("up", "http://127.0.0.1:9/v1/messages", "k", List.of("m"), "fake")
        .route("default", "up,m").build();
    ClaudeCodeRouter.builder().config(config).httpClient(host)
        .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
        .build().close();

    assertThat(host.dispatcher().executorService().isShutdown()).isFalse();
    host.dispatcher().executorService().shutdown();
  }

  /** A host application: one call of each kind, close, then list what still runs. */
  public static final class Embedder {
    public static void main(String[] args) {
      CcrConfig config = CcrConfig.builder().provider("up", args[0], "k", List.of("m"), "fake").route("default", "up,m").build();
      try (ClaudeCodeRouter ccr = ClaudeCodeRouter.builder().config(config)
          .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
          .build()) {
        MessagesRequest request = MessagesRequest.builder().model("x").maxTokens(5).addMessage(Message.user("hi")).build();
        System.out.println("answer: " + ccr.send(request).text());
        try (EventStream<StreamEvent> events = ccr.stream(request)) {
          System.out.println("events: " + events.stream().count());
        }
      }
      List<String> alive = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.isAlive() && !t.isDaemon() && t != Thread.currentThread()).map(Thread::getName).sorted().toList();
      System.out.println("non-daemon threads after close: " + alive);
    }
  }
}
