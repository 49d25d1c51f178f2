package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json5;
import dev.ccr.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ccr benchmark} as a script runs it: JSON on stdout, no progress bar, clear errors. */
class BenchmarkCommandTest {
  @TempDir Path tmp;

  @Test
  void jsonForScriptsWithThePromptFromAFile() throws Exception {
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      for (int i = 0; i < 2; i++) {
        upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("{\"id\":\"c\","
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5}}").build());
      }
      Path config = Files.writeString(tmp.resolve("config.json"), "{Providers: [{name: 'up', api_base_url: '"
          + upstream.url("/v1/chat/completions") + "', api_key: 'k', models: ['m1']}], Router: {default: 'up,m1'}}");
      Path prompt = Files.writeString(tmp.resolve("prompt.txt"), "benchmark this prompt");
      InProcess ccr = new InProcess();

      int code = ccr.run("benchmark", "--config", config.toString(), "--routes", "up,m1", "--iterations", "2",
          "--prompt", prompt.toString(), "--json");

      assertThat(code).as(ccr.err()).isZero();
      JsonObject report = Json5.parse(ccr.out(), "out").asObject();
      assertThat(report.getNumber("iterations").intValue()).isEqualTo(2);
      JsonObject route = report.getArray("routes").get(0).asObject();
      assertThat(route.getString("route")).isEqualTo("up,m1");
      assertThat(route.getNumber("errors").intValue()).isZero();
      assertThat(ccr.err()).doesNotContain("[#");
      assertThat(upstream.takeRequest().getBody().utf8()).contains("benchmark this prompt");
    }
  }

  @Test
  void anUnknownProviderIsABadArgumentNamingTheConfiguredOnes() throws Exception {
    Path config = Files.writeString(tmp.resolve("config.json"), "{Providers: [{name: 'up', api_base_url: "
        + "'http://127.0.0.1:9/v1/chat/completions', api_key: 'k', models: ['m1']}], Router: {default: 'up,m1'}}");
    InProcess ccr = new InProcess();

    assertThat(ccr.run("benchmark", "--config", config.toString(), "--routes", "down,m1")).isEqualTo(2);
    assertThat(ccr.err()).contains("\"down\" is not a configured provider (configured: up)").doesNotContain("Exception");
  }
}
