package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.project.ClaudeTranscripts;
import dev.ccr.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
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
 * Through the server, over real sockets: a project's Router table sends that project's Claude Code
 * requests to its provider while other projects keep the global one, and a routing rule's route
 * header names the rule.
 */
class ProjectAndRuleRoutesTest {
  static final String SHOP = "0a1b2c3d-1111-4222-8333-444455556666";
  static final String OTHER = "0a1b2c3d-1111-4222-8333-777788889999";
  static final String REPLY = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":"
      + "[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
      + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";

  @TempDir Path home;
  MockWebServer global;
  MockWebServer project;
  CcrServer server;
  final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void start() throws Exception {
    global = new MockWebServer();
    global.start();
    project = new MockWebServer();
    project.start();
    Path shop = Files.createDirectories(home.resolve("src/shop"));
    Path other = Files.createDirectories(home.resolve("src/other"));
    for (Object[] t : new Object[][] {{shop, SHOP}, {other, OTHER}}) {
      Path folder = Files.createDirectories(home.resolve(".claude/projects").resolve(ClaudeTranscripts.folderName((Path) t[0])));
      Files.writeString(folder.resolve(t[1] + ".jsonl"), "{\"type\":\"user\",\"cwd\":\"" + t[0] + "\",\"sessionId\":\""
          + t[1] + "\",\"message\":{\"role\":\"user\",\"content\":\"say hi\"}}\n");
    }
    Path ccrHome = Files.createDirectories(home.resolve(".claude-code-router"));
    Path original = Files.createDirectories(ccrHome.resolve(ClaudeTranscripts.folderName(shop)));
    Files.writeString(original.resolve("config.json"), "{\"Router\": {\"default\": \"team,team-m\", \"think\": \"team,team-m\"}}");

    CcrConfig config = CcrConfig.builder()
        .provider("claude", global.url("/v1/messages").toString(), "sk-up", List.of("claude-x"), "anthropic")
        .provider("team", project.url("/v1/messages").toString(), "sk-team", List.of("team-m"), "anthropic")
        .route("default", "claude,claude-x")
        .set("routing", Json.parse("{\"rules\": [{\"name\": \"refactors\", "
            + "\"condition\": \"last_user_text matches '(?i)refactor'\", \"route\": \"team,team-m\"}]}"))
        .set("RETRY", Json.parse("{\"attempts\": 1}"))
        .env(name -> null)
        .build();
    server = CcrServer.start(ClaudeCodeRouter.builder().config(config).projectHomes(ccrHome, home.resolve(".claude")).build(),
        "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    global.close();
    project.close();
  }

  private Response post(JsonObject body, String session) throws Exception {
    Request.Builder r = new Request.Builder().url("http://127.0.0.1:" + server.port() + "/v1/messages?beta=true")
        .post(RequestBody.create(Json.write(body), MediaType.get("application/json")));
    if (session != null) r.header("x-claude-code-session-id", session);
    return client.newCall(r.build()).execute();
  }

  private static JsonObject sayHi(String session) {
    JsonObject body = Fixtures.claudeCodeBody("say-hi").without("stream");
    return body.with("metadata", Json.parse("{\"user_id\": \"{\\\"session_id\\\":\\\"" + session + "\\\"}\"}"));
  }

  @Test
  void aProjectsTableRoutesItsSessionsWhileOthersKeepTheGlobalOne() throws Exception {
    global.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(REPLY).build());
    project.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(REPLY).build());

    try (Response r = post(sayHi(SHOP), null)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("x-ccr-route")).isEqualTo("team,team-m; scenario=think");
    }
    try (Response r = post(sayHi(OTHER), OTHER)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("x-ccr-route")).isEqualTo("claude,claude-x; scenario=default");
    }
    assertThat(project.takeRequest().getHeaders().get("x-api-key")).isEqualTo("sk-team");
    assertThat(global.takeRequest().getHeaders().get("x-api-key")).isEqualTo("sk-up");
  }

  @Test
  void aRuleThatHoldsIsNamedInTheRouteHeader() throws Exception {
    project.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(REPLY).build());
    JsonObject body = sayHi(OTHER);
    String text = Json.write(body).replace("say hi", "please refactor the parser");

    try (Response r = post((JsonObject) Json.parse(text), OTHER)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("x-ccr-route")).isEqualTo("team,team-m; scenario=rule:refactors");
    }
  }
}
