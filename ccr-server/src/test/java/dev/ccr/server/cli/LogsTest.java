package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import dev.ccr.server.CcrServer;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.LogManager;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsTest {
  static String logs(Path home) throws Exception {
    try (Stream<Path> files = Files.list(home.resolve("logs"))) {
      return files.filter(f -> f.getFileName().toString().matches("ccr-\\d\\.log")).map(f -> {
        try {
          return Files.readString(f);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).reduce("", String::concat);
    }
  }

  @AfterEach
  void restore() throws Exception {
    LogManager.getLogManager().readConfiguration();
    System.setProperty("ccr.home", "target/ccr-home");
  }

  @Test
  void logFilesGetOneLinePerRequestAtTheLevelAskedForAndNoSecrets(@TempDir Path home) throws Exception {
    System.setProperty("ccr.home", home.toString());
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
          .body("{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
              + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":1}}").build());
      Path config = home.resolve("config.json");
      Files.writeString(config, "{LOG: true, LOG_LEVEL: 'debug', APIKEY: 'client-secret-456', Providers: [{name: 'up',"
          + " api_base_url: '" + upstream.url("/v1/chat/completions") + "', api_key: 'sk-secret-123', models: ['m']}],"
          + " Router: {default: 'up,m'}}");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintWriter both = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
      CcrServer server = StartCommand.serve(ServerOptions.of(config, null, 0), both, both);
      try (Response r = new OkHttpClient().newCall(new Request.Builder().url("http://127.0.0.1:" + server.port() + "/v1/messages")
          .header("Authorization", "Bearer client-secret-456")
          .post(RequestBody.create("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
              + "\"metadata\":{\"api_key\":\"sk-in-a-body\"}}", MediaType.get("application/json"))).build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
      }
      // The request's line is written just after its response goes out: wait for it.
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!logs(home).contains("tokens=") && System.nanoTime() < deadline) Thread.sleep(10);
      server.close();
      LogManager.getLogManager().reset(); // flush and close the file handler

      String logs = logs(home);
      assertThat(logs).contains("POST /v1/messages 200 route=up,m tokens=7/1", "request body", "FINE");
      assertThat(logs + out).doesNotContain("sk-secret-123", "client-secret-456", "sk-in-a-body");
    }
  }
}
