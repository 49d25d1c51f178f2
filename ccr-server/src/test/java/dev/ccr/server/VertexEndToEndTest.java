package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Anthropic client through the running server to both Vertex AI providers, with a service
 * account key file and a fake Google token endpoint (the JWT itself is checked in ccr-providers).
 */
class VertexEndToEndTest {
  static final String CLAUDE_STREAM = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_v\","
      + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,"
      + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
      + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
      + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"From Vertex\"}}\n\n"
      + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
      + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
      + "\"usage\":{\"output_tokens\":3}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
  static final String GEMINI_REPLY = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Gemini on Vertex\"}],"
      + "\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":3,"
      + "\"candidatesTokenCount\":3,\"totalTokenCount\":6}}";

  @TempDir
  Path dir;
  MockWebServer vertex;
  GoogleStandIn google;
  Path keyFile;
  CcrServer server;
  final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void start() throws Exception {
    google = new GoogleStandIn();
    vertex = new MockWebServer();
    vertex.start();
    keyFile = google.writeKey(dir);
    String common = "api_base_url: '" + vertex.url("/") + "', project: 'my-proj', location: 'us-east5', credentials: '"
        + keyFile + "'";
    CcrConfig config = CcrConfig.parse("{RETRY: {attempts: 1}, Providers: ["
        + "{name: 'vc', models: ['claude-sonnet-4-5@20250929'], transformer: {use: ['vertex-claude']}, " + common + "},"
        + "{name: 'vg', models: ['gemini-2.5-pro'], transformer: {use: ['vertex-gemini']}, " + common + "}],"
        + " Router: {default: 'vc,claude-sonnet-4-5@20250929'}}");
    server = CcrServer.start(ClaudeCodeRouter.builder().config(config).build(), "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    vertex.close();
    google.close();
  }

  private Response post(String body) throws Exception {
    return client.newCall(new Request.Builder().url("http://127.0.0.1:" + server.port() + "/v1/messages")
        .header("anthropic-version", "2023-06-01")
        .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), MediaType.get("application/json"))).build()).execute();
  }

  private static String request(String model, boolean stream) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":100,\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
  }

  @Test
  void claudeStreamsThroughStreamRawPredict() throws Exception {
    vertex.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(CLAUDE_STREAM).build());

    try (Response r = post(request("claude-sonnet-4-5", true))) {
      assertThat(r.code()).isEqualTo(200);
      String events = r.body().string();
      assertThat(events).contains("\"text\":\"From Vertex\"", "event: message_stop");
    }

    RecordedRequest sent = vertex.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo(
        "/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + GoogleStandIn.TOKEN);
    JsonObject body = (JsonObject) Json.parse(sent.getBody().utf8());
    assertThat(body.getString("anthropic_version")).isEqualTo("vertex-2023-10-16");
    assertThat(body.has("model")).isFalse();
  }

  @Test
  void geminiAnswersAWholeMessage() throws Exception {
    vertex.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(GEMINI_REPLY).build());

    try (Response r = post(request("vg,gemini-2.5-pro", false))) {
      assertThat(r.code()).isEqualTo(200);
      JsonObject message = (JsonObject) Json.parse(r.body().string());
      assertThat(message.getArray("content").get(0).asObject().getString("text")).isEqualTo("Gemini on Vertex");
    }
    assertThat(vertex.takeRequest().getUrl().encodedPath()).endsWith("/publishers/google/models/gemini-2.5-pro:generateContent");
  }

  @Test
  void refusedCredentialsAreAnAnthropicAuthenticationErrorNamingTheKeyFile() throws Exception {
    google.refuse();

    try (Response r = post(request("claude-sonnet-4-5", true))) {
      assertThat(r.code()).isEqualTo(401);
      JsonObject error = (JsonObject) Json.parse(r.body().string());
      assertThat(error.getString("type")).isEqualTo("error");
      assertThat(error.getObject("error").getString("type")).isEqualTo("authentication_error");
      assertThat(error.getObject("error").getString("message")).contains(keyFile.toString(), "invalid_grant")
          .doesNotContain("PRIVATE KEY", "\tat ", "Exception");
    }
    assertThat(vertex.getRequestCount()).isZero();
  }
}
