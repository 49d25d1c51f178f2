package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.server.CcrServer;
import dev.ccr.server.preset.PresetStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;
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

/** A preset exported on one HOME, installed on another, served there: and no secret in any preset folder. */
class PresetRoundTripTest {
  static final String HOME_A_KEY = "sk-home-a-secret-0001";
  static final String HOME_B_KEY = "sk-home-b-secret-0002";
  static final String REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final String REPLY = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"from the preset\"}],\"stop_reason\":\"end_turn\","
      + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";

  @TempDir Path homeA;
  @TempDir Path homeB;
  @TempDir Path shared;
  MockWebServer upstream;
  final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    Files.writeString(homeA.resolve("config.json"), "{APIKEY: 'home-a-server-key', PORT: 3999,\n"
        + "  Providers: [{name: 'claude', api_base_url: '" + upstream.url("/v1/messages") + "', api_key: '" + HOME_A_KEY
        + "', models: ['claude-x'], transformer: {use: ['anthropic']}}],\n"
        + "  Router: {default: 'claude,claude-x'}, RETRY: {attempts: 1}}");
  }

  @AfterEach
  void stop() {
    upstream.close();
    System.setProperty("ccr.home", "target/ccr-home");
  }

  static InProcess ccr(Path home, String... args) {
    System.setProperty("ccr.home", home.toString());
    InProcess p = new InProcess();
    p.run(args);
    return p;
  }

  static int code(Path home, String... args) {
    System.setProperty("ccr.home", home.toString());
    return new InProcess().run(args);
  }

  @Test
  void aPresetExportedOnOneHomeInstallsOnAnotherAndAnswersThereWithoutASecretInItsFolder() throws Exception {
    assertThat(code(homeA, "preset", "export", "team", "--output", shared.resolve("team").toString(),
        "--description", "our setup", "--author", "ops", "--tags", "team,claude")).isZero();
    String exported = Files.readString(shared.resolve("team/manifest.json"));
    assertThat(exported).doesNotContain(HOME_A_KEY).doesNotContain("home-a-server-key").contains("${CLAUDE_API_KEY}");
    JsonObject manifest = (JsonObject) Json.parse(exported);
    assertThat(manifest.getString("name")).isEqualTo("team");
    assertThat(manifest.getString("version")).isEqualTo("1.0.0");
    assertThat(manifest.getString("author")).isEqualTo("ops");
    assertThat(manifest.getArray("keywords").elements()).extracting(v -> v.asString()).containsExactly("team", "claude");
    assertThat(manifest.getArray("schema").get(0).asObject().getString("id")).isEqualTo("CLAUDE_API_KEY");
    assertThat(manifest.getArray("configMappings").get(0)).isEqualTo(
        Json.parse("{\"target\":\"Providers[0].api_key\",\"value\":\"#{CLAUDE_API_KEY}\"}"));
    assertThat(manifest.has("APIKEY")).as("the server's key is not the preset's").isFalse();

    // Another HOME, no terminal: an input nobody gives fails clearly and writes nothing.
    InProcess missing = ccr(homeB, "preset", "install", shared.resolve("team").toString());
    assertThat(missing.err()).contains("CLAUDE_API_KEY", "--set CLAUDE_API_KEY=VALUE");
    assertThat(homeB.resolve("presets")).doesNotExist();

    assertThat(code(homeB, "preset", "install", shared.resolve("team").toString(), "--set", "CLAUDE_API_KEY=" + HOME_B_KEY))
        .isZero();
    PresetStore store = new PresetStore(homeB);
    assertThat(store.names()).containsExactly("team");
    assertThat(everyFileUnder(homeB.resolve("presets"))).as("no secret in the preset folder").doesNotContain(HOME_B_KEY);
    assertThat(Files.readString(store.inputsFile("team"))).contains(HOME_B_KEY);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.inputsFile("team")))).isEqualTo("rw-------");

    CcrConfig main = CcrConfig.parse("{APIKEY: 'home-b-server-key', Providers: [{name: 'other', api_base_url: "
        + "'http://127.0.0.1:9/v1/messages', api_key: 'x', models: ['m'], transformer: {use: ['anthropic']}}],"
        + " Router: {default: 'other,m'}}");
    try (CcrServer server = CcrServer.start(ClaudeCodeRouter.builder().config(main).build(), "127.0.0.1", 0)) {
      server.watchPresets(store, Duration.ofHours(1), c -> ClaudeCodeRouter.builder().config(c).build());
      upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(REPLY).build());

      try (Response r = post(server, "/preset/team/v1/messages", "home-b-server-key")) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().string()).contains("from the preset");
        assertThat(r.header("x-ccr-route")).startsWith("claude,claude-x");
      }
      RecordedRequest sent = upstream.takeRequest();
      assertThat(sent.getHeaders().get("x-api-key")).as("the key given at install").isEqualTo(HOME_B_KEY);

      try (Response r = post(server, "/preset/team/v1/messages/count_tokens", "home-b-server-key")) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().string()).contains("input_tokens");
      }
      upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(REPLY).build());
      try (Response r = post(server, "/preset/team/v1/chat/completions", "home-b-server-key")) {
        assertThat(r.code()).as("OpenAI clients too").isEqualTo(200);
        assertThat(r.body().string()).contains("chat.completion", "from the preset");
      }
      try (Response r = client.newCall(new Request.Builder().url(server.url() + "/preset/team/v1/chat/completions")
          .header("x-api-key", "home-b-server-key").post(RequestBody.create("{\"messages\": 3}",
              MediaType.get("application/json"))).build()).execute()) {
        assertThat(r.code()).isEqualTo(400);
        assertThat(((JsonObject) Json.parse(r.body().string())).has("type")).as("an error in OpenAI's shape").isFalse();
      }
      try (Response r = post(server, "/preset/team/v1/messages", "home-a-server-key")) {
        assertThat(r.code()).as("the server's own APIKEY guards the preset").isEqualTo(401);
      }
      try (Response r = post(server, "/preset/nobody/v1/messages", "home-b-server-key")) {
        assertThat(r.code()).isEqualTo(404);
        JsonObject error = (JsonObject) Json.parse(r.body().string());
        assertThat(error.getString("type")).isEqualTo("error");
        assertThat(error.getObject("error").getString("type")).isEqualTo("not_found_error");
        assertThat(error.getObject("error").getString("message")).contains("nobody");
      }
    }
  }

  private Response post(CcrServer server, String path, String key) throws Exception {
    return client.newCall(new Request.Builder().url(server.url() + path).header("x-api-key", key)
        .post(RequestBody.create(REQUEST, MediaType.get("application/json"))).build()).execute();
  }

  static String everyFileUnder(Path dir) throws Exception {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) all.append(Files.readString(f));
    }
    return all.toString();
  }
}
