package dev.ccr.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedExampleTest {

  @Test
  void readmeSnippetRoutesSendsAndStreams(@TempDir Path dir) throws Exception {
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
          .body("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":"
              + "[{\"type\":\"text\",\"text\":\"Packets find their way\"}],\"stop_reason\":\"end_turn\","
              + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":9,\"output_tokens\":5}}").build());
      upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
          .body("data: {\"type\":\"message_start\",\"message\":{\"id\":\"m2\",\"type\":\"message\",\"role\":"
              + "\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
              + "\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}\n\n"
              + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
              + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"streamed \"}}\n\n"
              + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"haiku\"}}\n\n"
              + "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
              + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
              + "\"usage\":{\"output_tokens\":3}}\n\n"
              + "data: {\"type\":\"message_stop\"}\n\n").build());
      Path config = dir.resolve("config.json");
      Files.writeString(config, "{\n  // a comment, as config.json files have\n  Providers: [{name: 'claude', api_base_url: '"
          + upstream.url("/v1/messages") + "', models: ['claude-sonnet-4-5'], transformer: {use: ['anthropic']}}],\n"
          + "  Router: {default: 'claude,claude-sonnet-4-5'},\n}\n");
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      EmbedExample.run(config, new PrintStream(out, true, StandardCharsets.UTF_8));

      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo("claude,claude-sonnet-4-5 (default): Packets find their way\nstreamed haiku\n");
    }
  }
}
