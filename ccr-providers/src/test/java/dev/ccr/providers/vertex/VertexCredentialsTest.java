package dev.ccr.providers.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.ProviderException;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.testing.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where Vertex tokens come from and what a client sees when there are none, through the router. */
class VertexCredentialsTest {
  private static final String GEMINI_REPLY = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}],"
      + "\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":3,"
      + "\"candidatesTokenCount\":1,\"totalTokenCount\":4}}";

  private final FakeGoogle google = new FakeGoogle();
  private final FakeClock clock = new FakeClock();
  private final Map<String, String> env = new HashMap<>();
  private MockWebServer vertex;
  private ClaudeCodeRouter ccr;

  @BeforeEach
  void start() throws Exception {
    vertex = new MockWebServer();
    vertex.start();
  }

  @AfterEach
  void stop() {
    if (ccr != null) ccr.close();
    vertex.close();
    google.close();
  }

  private ClaudeCodeRouter router(String extra) {
    ccr = ClaudeCodeRouter.builder().plugins(FakeGoogle.plugins(env, clock))
        .config(CcrConfig.parse("{RETRY: {attempts: 1}, Providers: [{name: 'vertex', api_base_url: '" + vertex.url("/")
            + "', models: ['gemini-2.5-pro'], transformer: {use: ['vertex-gemini']}, project: 'my-proj'" + extra
            + "}], Router: {default: 'vertex,gemini-2.5-pro'}}"))
        .build();
    return ccr;
  }

  private static MessagesRequest hello() {
    return MessagesRequest.builder().model("x").maxTokens(100).addMessage(Message.user("Hello")).build();
  }

  private void replyOk() {
    vertex.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(GEMINI_REPLY).build());
  }

  @Test
  void keyFileFromGoogleApplicationCredentialsSignsTheAssertionAndItsTokenIsSent() throws Exception {
    env.put("GOOGLE_APPLICATION_CREDENTIALS", google.writeKey().toString());
    router("");
    replyOk();
    replyOk();

    assertThat(ccr.send(hello()).text()).isEqualTo("Hi");
    assertThat(ccr.send(hello()).text()).isEqualTo("Hi");

    assertThat(vertex.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer ya29.token-1");
    assertThat(vertex.takeRequest().getHeaders().get("Authorization")).as("cached").isEqualTo("Bearer ya29.token-1");
    assertThat(google.issued()).isEqualTo(1);
    assertThat(google.claims().get(0)).containsEntry("iss", FakeGoogle.EMAIL)
        .containsEntry("scope", "https://www.googleapis.com/auth/cloud-platform")
        .containsEntry("aud", google.tokenUri()).containsEntry("header.kid", "kid-1");
  }

  @Test
  void tokenExpiringIsRefreshedBeforeTheNextRequest() throws Exception {
    env.put("GOOGLE_APPLICATION_CREDENTIALS", google.writeKey().toString());
    router("");
    replyOk();
    replyOk();

    ccr.send(hello());
    clock.advance(3_600_000);
    ccr.send(hello());

    assertThat(vertex.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer ya29.token-1");
    assertThat(vertex.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer ya29.token-2");
  }

  @Test
  void entryCredentialsWinOverTheEnvironment() throws Exception {
    env.put("GOOGLE_APPLICATION_CREDENTIALS", "/nowhere/else.json");
    router(", credentials: '" + google.writeKey() + "'");
    replyOk();

    ccr.send(hello());

    assertThat(vertex.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer ya29.token-1");
  }

  @Test
  void withoutAKeyFileTheMetadataServerGivesTheToken() throws Exception {
    env.put("GCE_METADATA_HOST", google.metadataHost());
    router("");
    replyOk();

    ccr.send(hello());

    RecordedRequest sent = vertex.takeRequest();
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer metadata-token-1");
    assertThat(sent.getUrl().encodedPath())
        .isEqualTo("/v1/projects/my-proj/locations/global/publishers/google/models/gemini-2.5-pro:generateContent");
  }

  @Test
  void refusedKeyIsAnAuthenticationErrorNamingTheFileButNeverTheKey() {
    Path key = google.writeKey();
    env.put("GOOGLE_APPLICATION_CREDENTIALS", key.toString());
    google.refuse(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
    router("");

    assertThatThrownBy(() -> ccr.send(hello())).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.errorType()).isEqualTo("authentication_error");
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("vertex,gemini-2.5-pro", key.toString(), FakeGoogle.EMAIL,
          "HTTP 400", "invalid_grant: Invalid JWT Signature.");
      String client = dev.ccr.model.AnthropicJson.writeError(e.toApiError());
      assertThat(client).startsWith("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\"");
      assertThat(client).doesNotContain("PRIVATE KEY", FakeGoogle.privateKeyBase64().substring(40, 80));
    });
    assertThat(vertex.getRequestCount()).as("nothing reaches Vertex without a token").isZero();
  }

  @Test
  void keyFileRemovedAfterStartIsAnAuthenticationErrorNamingIt() throws Exception {
    Path key = google.writeKey();
    env.put("GOOGLE_APPLICATION_CREDENTIALS", key.toString());
    router("");
    Files.delete(key);

    assertThatThrownBy(() -> ccr.send(hello())).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.getMessage()).contains("the Google credentials file " + key + " does not exist");
    });
  }

  @Test
  void credentialsOfAnotherKindAreRefusedClearly() throws Exception {
    Path key = google.writeKey();
    Files.writeString(key, "{\"type\":\"external_account\",\"audience\":\"x\",\"subject_token_type\":\"s3cret\"}");
    env.put("GOOGLE_APPLICATION_CREDENTIALS", key.toString());
    router("");

    assertThatThrownBy(() -> ccr.send(hello())).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.getMessage()).contains(key.toString(), "\"external_account\"", "service_account", "authorized_user")
          .doesNotContain("s3cret");
    });
  }

  @Test
  void gcloudUserCredentialsTradeTheirRefreshToken() throws Exception {
    env.put("GOOGLE_APPLICATION_CREDENTIALS", google.writeUserCredentials(google.dir().resolve("user.json")).toString());
    router("");
    replyOk();

    ccr.send(hello());

    assertThat(vertex.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer user-token-1");
  }

  @Test
  void gcloudApplicationDefaultCredentialsAreFoundWhenNoFileIsNamed() throws Exception {
    env.put("HOME", google.dir().toString());
    env.put("GCE_METADATA_HOST", google.metadataHost()); // not reached: the gcloud file comes first
    google.writeUserCredentials(google.dir().resolve(".config/gcloud/application_default_credentials.json"));
    router("");
    replyOk();

    ccr.send(hello());

    assertThat(vertex.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer user-token-1");
  }

  @Test
  void refusedUserCredentialsSayWhatToDoAndNeverShowTheRefreshToken() {
    Path file = google.writeUserCredentials(google.dir().resolve("user.json"));
    env.put("GOOGLE_APPLICATION_CREDENTIALS", file.toString());
    google.refuse(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked: "
        + FakeGoogle.REFRESH_TOKEN + "\"}");
    router("");

    assertThatThrownBy(() -> ccr.send(hello())).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.getMessage()).contains(file.toString(), "gcloud auth application-default login",
          "Token has been expired or revoked").doesNotContain(FakeGoogle.REFRESH_TOKEN, "client-secret-1");
    });
  }
}
