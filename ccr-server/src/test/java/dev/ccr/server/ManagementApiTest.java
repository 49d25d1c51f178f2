package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.testing.Eventually;
import dev.ccr.testing.PluginJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

/** The management API over a real socket, against a real config file the server reloads. */
class ManagementApiTest {
  static final String SECRET = "sk-literal-secret-123456";
  static final MediaType JSON = MediaType.get("application/json");

  @TempDir Path dir;
  Path file;
  Path logs;
  MockWebServer upstream;
  CcrServer server;
  final OkHttpClient http = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS).build();

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    file = dir.resolve("config.json");
    logs = Files.createDirectories(dir.resolve("logs"));
    Files.writeString(file, config("", "claude,claude-x"));
    startServer();
  }

  /** A config with a literal key, a $VAR key, and {@code think} routed to {@code think}. */
  String config(String extra, String think) {
    return "{\n  // comments are JSON5\n" + extra + "  Providers: [\n"
        + "    {name: 'claude', api_base_url: '" + upstream.url("/v1/messages") + "', api_key: '" + SECRET + "',"
        + " models: ['claude-x'], transformer: {use: ['anthropic']}},\n"
        + "    {name: 'deepseek', api_base_url: '" + upstream.url("/v1/chat/completions") + "', api_key: '$CCR_TEST_UNSET_KEY',"
        + " models: ['deepseek-chat']}\n  ],\n"
        + "  Router: {default: 'claude,claude-x', think: '" + think + "'}\n}\n";
  }

  void startServer() throws Exception {
    if (server != null) server.close();
    server = CcrServer.start(ClaudeCodeRouter.builder().config(CcrConfig.load(file)).build(), "127.0.0.1", 0);
    server.watch(file, Duration.ofHours(1), f -> ClaudeCodeRouter.builder().config(CcrConfig.load(f)).build());
    server.management().logsFolder(logs);
  }

  @AfterEach
  void stop() {
    server.close();
    upstream.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  Response call(String method, String path, String body, String... headers) throws Exception {
    Request.Builder b = new Request.Builder().url(url(path))
        .method(method, body == null ? (method.equals("POST") ? RequestBody.create("", JSON) : null) : RequestBody.create(body, JSON));
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return http.newCall(b.build()).execute();
  }

  String text(String method, String path, String body, int status, String... headers) throws Exception {
    try (Response r = call(method, path, body, headers)) {
      String text = r.body().string();
      assertThat(r.code()).as(method + " " + path + ": " + text).isEqualTo(status);
      assertThat(text).as("no answer carries a literal secret").doesNotContain(SECRET);
      return text;
    }
  }

  JsonObject getConfig() throws Exception {
    return (JsonObject) Json.parse(text("GET", "/api/config", null, 200));
  }

  static JsonObject withThink(JsonObject config, String think) {
    return config.with("Router", config.getObject("Router").with("think", JsonString.of(think)));
  }

  @Test
  void getConfigKeepsVariableReferencesAndMasksLiteralSecrets() throws Exception {
    JsonObject config = getConfig();
    JsonArray providers = config.getArray("Providers");
    assertThat(((JsonObject) providers.get(0)).getString("api_key")).isEqualTo("<redacted>");
    assertThat(((JsonObject) providers.get(1)).getString("api_key")).isEqualTo("$CCR_TEST_UNSET_KEY");
    assertThat(config.getObject("Router").getString("think")).isEqualTo("claude,claude-x");
  }

  @Test
  void aMaskedSecretSentBackKeepsTheStoredOneAndTheServerReloads() throws Exception {
    JsonObject edited = withThink(getConfig(), "deepseek,deepseek-chat");

    JsonObject answer = (JsonObject) Json.parse(text("POST", "/api/config", Json.write(edited), 200));

    assertThat(answer.getBoolean("success")).isTrue();
    assertThat(answer.getBoolean("reloaded")).isTrue();
    assertThat(answer.getArray("changes").elements()).containsExactly(
        JsonString.of("Router.think: \"claude,claude-x\" -> \"deepseek,deepseek-chat\""));
    String written = Files.readString(file);
    assertThat(written).contains(SECRET).contains("$CCR_TEST_UNSET_KEY").doesNotContain("<redacted>");
    assertThat(server.router().config().router().target("think").toString()).contains("deepseek");
    assertThat(server.router().config().provider("claude").orElseThrow().apiKey()).isEqualTo(SECRET);
    List<Path> backups = ConfigEndpoint.backups(file);
    assertThat(backups).hasSize(1);
    assertThat(Files.readString(backups.get(0))).as("the backup is the file as it was, comments and all")
        .isEqualTo(config("", "claude,claude-x"));
  }

  @Test
  void providerHeaderSecretsSurviveAnUnchangedSaveAndAChangedOneIsListedMasked() throws Exception {
    Files.writeString(file, config("", "claude,claude-x").replace("transformer: {use: ['anthropic']}",
        "transformer: {use: ['anthropic']}, headers: {'X-Custom-Auth': 'hdr-secret-value-1', 'X-Team': '$CCR_TEST_TEAM'}"));
    startServer();
    JsonObject shown = getConfig();
    JsonObject headers = ((JsonObject) shown.getArray("Providers").get(0)).getObject("headers");
    assertThat(headers.getString("X-Custom-Auth")).isEqualTo("<redacted>");

    JsonObject unchanged = (JsonObject) Json.parse(text("POST", "/api/config", Json.write(shown), 200));

    assertThat(unchanged.getArray("changes").elements()).isEmpty();
    assertThat(Files.readString(file)).contains("hdr-secret-value-1").contains("$CCR_TEST_TEAM").doesNotContain("<redacted>");

    JsonObject provider = (JsonObject) shown.getArray("Providers").get(0);
    JsonObject typed = shown.with("Providers", JsonArray.of(provider.with("headers",
        headers.with("X-Custom-Auth", JsonString.of("hdr-secret-value-2"))), shown.getArray("Providers").get(1)));
    String answer = text("POST", "/api/config", Json.write(typed), 200);

    assertThat(answer).contains("Providers[0].headers.X-Custom-Auth: <redacted> changed").doesNotContain("hdr-secret-value");
    assertThat(Files.readString(file)).contains("hdr-secret-value-2").doesNotContain("hdr-secret-value-1");
  }

  @Test
  void aRenamedProviderKeepsItsStoredKeyAndAReorderedOneKeepsItsOwn() throws Exception {
    JsonObject config = getConfig();
    JsonObject claude = (JsonObject) config.getArray("Providers").get(0);
    JsonObject deepseek = (JsonObject) config.getArray("Providers").get(1);
    JsonObject swapped = config.with("Providers", JsonArray.of(deepseek, claude.with("name", JsonString.of("claude2"))))
        .with("Router", JsonObject.builder().put("default", "claude2,claude-x").build());

    text("POST", "/api/config", Json.write(swapped), 200);

    JsonArray written = ((JsonObject) Json.parse(Files.readString(file))).getArray("Providers");
    assertThat(((JsonObject) written.get(0)).getString("api_key")).isEqualTo("$CCR_TEST_UNSET_KEY");
    assertThat(((JsonObject) written.get(1)).getString("name")).isEqualTo("claude2");
    assertThat(((JsonObject) written.get(1)).getString("api_key")).isEqualTo(SECRET);
  }

  @Test
  void aRenameWhileAnotherEntryIsDeletedRefusesAMaskedKeyInsteadOfGuessing() throws Exception {
    JsonObject config = getConfig();
    JsonObject claude = (JsonObject) config.getArray("Providers").get(0);
    JsonObject renamedAlone = config.with("Providers", JsonArray.of(claude.with("name", JsonString.of("three"))))
        .with("Router", JsonObject.builder().put("default", "three,claude-x").build());
    byte[] before = Files.readAllBytes(file);

    String answer = text("POST", "/api/config", Json.write(renamedAlone), 400);

    assertThat(answer).contains("Providers[0].api_key: is <redacted> but there is no stored secret there to keep; type the key");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void aKeyListShowsATokenPerKeyAndDeletingTheFirstKeepsTheSecond() throws Exception {
    Files.writeString(file, config("", "claude,claude-x").replace("api_key: '" + SECRET + "'",
        "api_keys: ['" + SECRET + "-A', '" + SECRET + "-B']"));
    startServer();
    JsonObject shown = getConfig();
    JsonObject claude = (JsonObject) shown.getArray("Providers").get(0);
    JsonArray tokens = claude.getArray("api_keys");
    assertThat(tokens.size()).isEqualTo(2);
    assertThat(tokens.get(0)).isNotEqualTo(tokens.get(1));
    assertThat(((JsonString) tokens.get(0)).value()).matches("<redacted:[0-9a-f]{12}>");

    JsonObject onlyB = shown.with("Providers", JsonArray.of(claude.with("api_keys", JsonArray.of(tokens.get(1))),
        shown.getArray("Providers").get(1)));
    text("POST", "/api/config", Json.write(onlyB), 200);

    JsonArray written = ((JsonObject) ((JsonObject) Json.parse(Files.readString(file))).getArray("Providers").get(0)).getArray("api_keys");
    assertThat(written.elements()).containsExactly(JsonString.of(SECRET + "-B"));

    byte[] before = Files.readAllBytes(file);
    JsonObject unknown = shown.with("Providers", JsonArray.of(claude.with("api_keys",
        JsonArray.of(JsonString.of("<redacted:000000000000>"))), shown.getArray("Providers").get(1)));
    assertThat(text("POST", "/api/config", Json.write(unknown), 400)).contains("Providers[0].api_keys[0]: is <redacted:000000000000>");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void urlCredentialsAndClientKeyNamesAreMaskedAndKeptOnAnUnchangedSave() throws Exception {
    Files.writeString(file, config("  STATE: {redis: 'redis://:redis-pw-secret@127.0.0.1:6399/0'},\n"
        + "  RATE_LIMITS: {keys: {'client-key-literal-1': {requests_per_minute: 30}, '$CCR_TEST_TEAM_KEY': {requests_per_minute: 5}}},\n",
        "claude,claude-x").replace("/v1/chat/completions')", "/v1/chat/completions?key=url-key-secret')")
        .replace("/v1/chat/completions',", "/v1/chat/completions?key=url-key-secret',"));
    startServer();
    String shownText = text("GET", "/api/config", null, 200);
    assertThat(shownText).doesNotContain("redis-pw-secret").doesNotContain("client-key-literal-1").doesNotContain("url-key-secret")
        .contains("redis://:<redacted>@127.0.0.1:6399/0").contains("?key=<redacted>").contains("$CCR_TEST_TEAM_KEY");
    JsonObject shown = (JsonObject) Json.parse(shownText);
    assertThat(shown.getObject("RATE_LIMITS").getObject("keys").members().keySet())
        .anyMatch(k -> k.matches("<redacted:[0-9a-f]{12}>"));

    String answer = text("POST", "/api/config", Json.write(shown), 200);

    assertThat(answer).doesNotContain("redis-pw-secret").doesNotContain("client-key-literal-1")
        .contains("STATE.redis: holds a literal password");
    assertThat(((JsonObject) Json.parse(answer)).getArray("changes").elements()).isEmpty();
    assertThat(Files.readString(file)).contains("redis://:redis-pw-secret@127.0.0.1:6399/0").contains("\"client-key-literal-1\"")
        .contains("?key=url-key-secret").doesNotContain("<redacted");

    byte[] before = Files.readAllBytes(file);
    JsonObject moved = shown.with("STATE", JsonObject.builder().put("redis", "redis://:<redacted>@10.0.0.9:6399/0").build());
    assertThat(text("POST", "/api/config", Json.write(moved), 400)).contains("STATE.redis: holds <redacted> but is not the stored value");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void aRedactedSecretWithNothingStoredBehindItIsAProblemNotALiteral() throws Exception {
    JsonObject config = getConfig();
    JsonArray providers = config.getArray("Providers");
    List<JsonValue> more = new ArrayList<>(providers.elements());
    more.add(JsonObject.builder().put("name", "fresh").put("api_base_url", upstream.url("/v1/messages").toString())
        .put("api_key", "<redacted>").put("models", JsonArray.of(JsonString.of("m"))).build());
    byte[] before = Files.readAllBytes(file);

    String answer = text("POST", "/api/config", Json.write(config.with("Providers", JsonArray.of(more))), 400);

    assertThat(answer).contains("Providers[2].api_key: is <redacted> but there is no stored secret there to keep");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void anInvalidSaveAnswersTheValidatorsProblemsAndLeavesTheFileByteIdentical() throws Exception {
    byte[] before = Files.readAllBytes(file);
    String broken = config("", "nobody,nothing").replace(SECRET, "sk-other-literal");
    Path same = Files.writeString(dir.resolve("same.json"), broken);
    List<String> expected = ConfigProblems.of(CcrConfig.check(same, System::getenv), w -> { });
    assertThat(expected).isNotEmpty();

    JsonObject answer = (JsonObject) Json.parse(text("POST", "/api/config", broken, 400));

    assertThat(answer.getArray("problems").elements().stream().map(v -> ((JsonString) v).value()).toList())
        .as("the same problems, at the same JSON paths, as ccr validate").isEqualTo(expected);
    assertThat(answer.getObject("error").getString("type")).isEqualTo("invalid_request_error");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(ConfigEndpoint.backups(file)).isEmpty();
  }

  @Test
  void textThatDoesNotParseIsRefusedWithItsLine() throws Exception {
    byte[] before = Files.readAllBytes(file);

    String answer = text("POST", "/api/config", "{\n  Router: {\n    default: 'a,b',,\n  }\n}", 400);

    assertThat(answer).contains("config:3:");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void aSaveWithAStaleIfMatchIsAConflictAndLeavesTheOtherSave() throws Exception {
    String etag;
    JsonObject loaded;
    try (Response r = call("GET", "/api/config", null)) {
      etag = r.header("ETag");
      loaded = (JsonObject) Json.parse(r.body().string());
    }
    assertThat(etag).isNotBlank();
    String other = text("POST", "/api/config", Json.write(withThink(loaded, "deepseek,deepseek-chat")), 200, "If-Match", etag);
    assertThat(other).contains("\"success\":true");
    byte[] afterOther = Files.readAllBytes(file);

    String stale = text("POST", "/api/config", Json.write(loaded.with("LOG_LEVEL", JsonString.of("debug"))), 412, "If-Match", etag);

    assertThat(stale).contains("invalid_request_error").contains("changed since you loaded it");
    assertThat(Files.readAllBytes(file)).isEqualTo(afterOther);
    try (Response r = call("GET", "/api/config", null)) {
      assertThat(r.header("ETag")).isNotEqualTo(etag);
    }
  }

  @Test
  void aDryRunListsTheChangesAndWritesNothing() throws Exception {
    byte[] before = Files.readAllBytes(file);

    JsonObject answer = (JsonObject) Json.parse(text("POST", "/api/config?dryRun=true",
        Json.write(withThink(getConfig(), "deepseek,deepseek-chat")), 200));

    assertThat(answer.getArray("changes").size()).isEqualTo(1);
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void threeConcurrentSavesAreSerialisedAndLeaveAWholeFile() throws Exception {
    JsonObject base = getConfig();
    List<String> targets = List.of("claude,claude-x", "deepseek,deepseek-chat", "deepseek,deepseek-chat");
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      bodies.add(Json.write(withThink(base, targets.get(i)).with("LOG_LEVEL", JsonString.of(List.of("info", "warn", "debug").get(i)))));
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (String body : bodies) {
      results.add(pool.submit((Callable<Integer>) () -> {
        go.await();
        try (Response r = call("POST", "/api/config", body)) {
          r.body().string();
          return r.code();
        }
      }));
    }
    go.countDown();
    for (Future<Integer> f : results) assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(200);
    pool.shutdown();

    JsonObject now = (JsonObject) Json.parse(Files.readString(file));
    assertThat(List.of("info", "warn", "debug")).contains(now.getString("LOG_LEVEL"));
    assertThat(((JsonObject) now.getArray("Providers").get(0)).getString("api_key")).isEqualTo(SECRET);
    List<Path> backups = ConfigEndpoint.backups(file);
    assertThat(backups).hasSize(3);
    for (Path b : backups) assertThat(CcrConfig.load(b).providers()).hasSize(2); // each one whole
    assertThat(server.router().config().logLevel()).isEqualTo(now.getString("LOG_LEVEL"));
  }

  @Test
  void withoutAFileYetTheRunningConfigIsShownAndASaveCreatesTheFile() throws Exception {
    server.close();
    server = null;
    Path fresh = dir.resolve("new-home/config.json");
    server = CcrServer.start(ClaudeCodeRouter.builder().config(CcrConfig.load(file)).build(), "127.0.0.1", 0);
    server.watch(fresh, Duration.ofHours(1), f -> ClaudeCodeRouter.builder().config(CcrConfig.load(f)).build());

    JsonObject shown = getConfig();
    assertThat(((JsonObject) shown.getArray("Providers").get(0)).getString("api_key")).isEqualTo("<redacted>");
    text("POST", "/api/config", Json.write(withThink(shown, "deepseek,deepseek-chat")), 200);

    assertThat(CcrConfig.load(fresh).provider("claude").orElseThrow().apiKey())
        .as("with no file yet, a masked key keeps the running config's").isEqualTo(SECRET);
    assertThat(CcrConfig.load(fresh).router().target("think").toString()).contains("deepseek");
  }

  @Test
  void aBackupIsOwnerOnlyEvenWhenTheConfigIsWorldReadable() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

    text("POST", "/api/config", Json.write(withThink(getConfig(), "deepseek,deepseek-chat")), 200);

    List<Path> backups = ConfigEndpoint.backups(file);
    assertThat(backups).hasSize(1);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(backups.get(0)))).isEqualTo("rw-------");
    assertThat(Files.readString(backups.get(0))).isEqualTo(config("", "claude,claude-x"));
  }

  @Test
  void onlyTheThreeNewestBackupsAreKept() throws Exception {
    List<String> levels = List.of("info", "warn", "debug", "error", "info");
    for (String level : levels) {
      text("POST", "/api/config", Json.write(getConfig().with("LOG_LEVEL", JsonString.of(level))), 200);
    }
    List<Path> backups = ConfigEndpoint.backups(file);
    assertThat(backups).hasSize(3);
    assertThat(CcrConfig.load(backups.get(2)).logLevel()).as("the newest backup is the file before the last save").isEqualTo("error");
  }

  @Test
  void logFilesAreListedReadAndClearedButNothingOutsideTheFolder() throws Exception {
    Files.writeString(logs.resolve("ccr-0.log"), "req_ccr_1 POST /v1/messages 200\nreq_ccr_2 GET /health 200\n");
    Path outside = Files.writeString(dir.resolve("outside.txt"), "TOP-SECRET-CONTENT");
    Files.createSymbolicLink(logs.resolve("link.log"), outside);

    JsonArray files = (JsonArray) Json.parse(text("GET", "/api/logs/files", null, 200));
    assertThat(files.elements()).extracting(v -> ((JsonObject) v).getString("name")).containsExactly("ccr-0.log");
    JsonArray lines = (JsonArray) Json.parse(text("GET", "/api/logs?file=ccr-0.log", null, 200));
    assertThat(lines.elements()).containsExactly(JsonString.of("req_ccr_1 POST /v1/messages 200"),
        JsonString.of("req_ccr_2 GET /health 200"));

    for (String attempt : List.of("../outside.txt", "..%2Foutside.txt", "%2e%2e%2foutside.txt", "%2E%2E/outside.txt",
        "..", ".", "link.log", "/etc/passwd", "%2Fetc%2Fpasswd", "logs/../../outside.txt", "..%5Coutside.txt", "ccr-0.log%00.txt", "")) {
      for (String method : List.of("GET", "DELETE")) {
        try (Response r = call(method, "/api/logs?file=" + attempt, null)) {
          String body = r.body().string();
          assertThat(r.code()).as(method + " " + attempt).isEqualTo(400);
          assertThat(body).doesNotContain("TOP-SECRET").contains("invalid_request_error");
        }
      }
    }
    assertThat(Files.readString(outside)).isEqualTo("TOP-SECRET-CONTENT");
    text("GET", "/api/logs?file=ccr-9.log", null, 404);

    text("DELETE", "/api/logs?file=ccr-0.log", null, 200);
    assertThat(Files.size(logs.resolve("ccr-0.log"))).isZero();
  }

  @Test
  void aLogWithBytesThatAreNotUtf8IsReadWithReplacementCharacters() throws Exception {
    byte[] bad = "first line\nbad \u0000".getBytes(StandardCharsets.UTF_8);
    bad[bad.length - 1] = (byte) 0xFF;
    Files.write(logs.resolve("ccr-1.log"), java.util.Arrays.copyOf(bad, bad.length + 1));
    Files.write(logs.resolve("ccr-1.log"), "\nlast line\n".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);

    JsonArray lines = (JsonArray) Json.parse(text("GET", "/api/logs?file=ccr-1.log", null, 200));

    assertThat(lines.elements()).containsExactly(JsonString.of("first line"), JsonString.of("bad \uFFFD\u0000"),
        JsonString.of("last line"));
  }

  @Test
  void aLogLargerThanTheByteCapAnswersItsWholeLastLinesOnly() throws Exception {
    String pad = "x".repeat(1000);
    int count = LogFiles.MAX_BYTES / 1000 + 500;
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < count; i++) log.append("line ").append(i).append(' ').append(pad).append('\n');
    Files.writeString(logs.resolve("ccr-2.log"), log);

    JsonArray lines = (JsonArray) Json.parse(text("GET", "/api/logs?file=ccr-2.log", null, 200));

    assertThat(lines.size()).isLessThan(count).isGreaterThan(0);
    assertThat(((JsonString) lines.get(lines.size() - 1)).value()).isEqualTo("line " + (count - 1) + " " + pad);
    int first = count - lines.size();
    assertThat(((JsonString) lines.get(0)).value()).as("no cut line first").isEqualTo("line " + first + " " + pad);
  }

  @Test
  void transformersListsBuiltInsAndPlugIns() throws Exception {
    Path jar = PluginJar.headerTransformer("mgmt", "stampit").writeTo(dir.resolve("stampit.jar"));
    Files.writeString(file, config("  transformers: [{path: '" + jar + "'}],\n", "claude,claude-x"));
    startServer();

    JsonObject answer = (JsonObject) Json.parse(text("GET", "/api/transformers", null, 200));

    List<String> names = answer.getArray("transformers").elements().stream()
        .map(v -> ((JsonObject) v).getString("name")).toList();
    assertThat(names).contains("stampit", "maxtoken", "anthropic");
    assertThat(answer.getArray("transformers").elements()).allSatisfy(v -> assertThat(((JsonObject) v).has("endpoint")).isTrue());
  }

  @Test
  void providerTestReportsStatusAndErrorWithoutTheKey() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(UpstreamReplies.ANTHROPIC).build());
    upstream.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
        .body("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"bad key " + SECRET + "\"}}").build());

    JsonObject ok = (JsonObject) Json.parse(text("POST", "/api/providers/test", "{\"provider\":\"claude\",\"model\":\"claude-x\"}", 200));
    JsonObject failed = (JsonObject) Json.parse(text("POST", "/api/providers/test", "{\"route\":\"claude,claude-x\"}", 200));

    assertThat(ok.getBoolean("ok")).isTrue();
    assertThat(ok.has("latencyMs")).isTrue();
    assertThat(upstream.takeRequest().getHeaders().get("x-api-key")).isEqualTo(SECRET);
    assertThat(failed.getBoolean("ok")).isFalse();
    assertThat(failed.getNumber("status").intValue()).isEqualTo(401);
    assertThat(failed.getString("error")).contains("bad key");
    text("POST", "/api/providers/test", "{\"provider\":\"nobody\"}", 404);
    text("POST", "/api/providers/test", "[1]", 400);
  }

  @Test
  void aFailingProviderTestLeavesTheLiveRouterAsItWas() throws Exception {
    String second = "sk-second-key-7890";
    Files.writeString(file, "{CIRCUIT_BREAKER: {failures: 1}, RETRY: {attempts: 1},\n"
        + " Providers: [{name: 'claude', api_base_url: '" + upstream.url("/v1/messages") + "', api_keys: ['" + SECRET + "', '"
        + second + "'], models: ['claude-x'], transformer: {use: ['anthropic']}}],\n Router: {default: 'claude,claude-x'}}\n");
    startServer();
    upstream.enqueue(new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
        .body("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}").build());
    upstream.enqueue(new MockResponse.Builder().code(500).setHeader("Content-Type", "application/json")
        .body("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"down\"}}").build());
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(UpstreamReplies.ANTHROPIC).build());

    JsonObject limited = (JsonObject) Json.parse(text("POST", "/api/providers/test", "{\"route\":\"claude,claude-x\"}", 200));
    JsonObject down = (JsonObject) Json.parse(text("POST", "/api/providers/test", "{\"route\":\"claude,claude-x\"}", 200));
    server.router().usage().flush();
    assertThat(server.router().circuits()).as("a 500 of a probe opened no circuit").doesNotContainEntry("claude,claude-x", true);
    assertThat(server.router().usage().total().requests()).as("probes are not in the usage figures").isZero();
    String answer = text("POST", "/v1/messages", "{\"model\":\"claude,claude-x\",\"max_tokens\":8,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 200);

    assertThat(limited.getNumber("status").intValue()).isEqualTo(429);
    assertThat(down.getNumber("status").intValue()).isEqualTo(500);
    assertThat(answer).contains("msg_1");
    assertThat(upstream.takeRequest().getHeaders().get("x-api-key")).isEqualTo(SECRET);
    assertThat(upstream.takeRequest().getHeaders().get("x-api-key")).as("the probe uses the first key every time").isEqualTo(SECRET);
    assertThat(upstream.takeRequest().getHeaders().get("x-api-key"))
        .as("the 429 of a probe rested no key: the real request starts with the first").isEqualTo(SECRET);
    server.router().usage().flush();
    assertThat(server.router().usage().total().requests()).as("only the real request is counted").isEqualTo(1);
    assertThat(server.router().usage().total().errors()).isZero();
    assertThat(server.router().circuits()).containsEntry("claude,claude-x", false);
  }

  @Test
  void providerModelsComeFromTheProvidersOwnList() throws Exception {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
        .body("{\"data\":[{\"id\":\"claude-x\"},{\"id\":\"claude-y\"}]}").build());

    JsonObject answer = (JsonObject) Json.parse(text("GET", "/api/providers/claude/models", null, 200));

    assertThat(answer.getArray("models").elements()).containsExactly(JsonString.of("claude-x"), JsonString.of("claude-y"));
    RecordedRequest asked = upstream.takeRequest();
    assertThat(asked.getTarget()).isEqualTo("/v1/models");
    assertThat(asked.getHeaders().get("x-api-key")).isEqualTo(SECRET);
    upstream.enqueue(new MockResponse.Builder().code(404).body("no").build());
    text("GET", "/api/providers/claude/models", null, 502);
    text("GET", "/api/providers/nobody/models", null, 404);
  }

  @Test
  void providerModelsSendTheKeyOnlyInTheHeaderTheProvidersApiReads() throws Exception {
    Files.writeString(file, config("", "claude,claude-x").replace("'$CCR_TEST_UNSET_KEY'", "'" + SECRET + "-openai'"));
    startServer();
    for (int i = 0; i < 2; i++) {
      upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("{\"data\":[{\"id\":\"m\"}]}").build());
    }

    text("GET", "/api/providers/claude/models", null, 200);
    text("GET", "/api/providers/deepseek/models", null, 200);

    RecordedRequest anthropic = upstream.takeRequest();
    assertThat(anthropic.getHeaders().get("x-api-key")).isEqualTo(SECRET);
    assertThat(anthropic.getHeaders().get("Authorization")).isNull();
    RecordedRequest openAi = upstream.takeRequest();
    assertThat(openAi.getHeaders().get("Authorization")).isEqualTo("Bearer " + SECRET + "-openai");
    assertThat(openAi.getHeaders().get("x-api-key")).isNull();
    assertThat(openAi.getHeaders().get("anthropic-version")).isNull();
  }

  @Test
  void restartAnswersFirstThenReloadsTheFile() throws Exception {
    Files.writeString(file, config("  LOG_LEVEL: 'debug',\n", "claude,claude-x"));

    String answer = text("POST", "/api/restart", null, 200);

    assertThat(answer).contains("\"success\":true");
    Eventually.await("the restart reloads LOG_LEVEL debug", () -> server.router().config().logLevel().equals("debug"));
  }

  @Test
  void withApiKeyEveryManagementPathNeedsIt() throws Exception {
    Files.writeString(file, config("  APIKEY: 'ui-key-1',\n", "claude,claude-x"));
    startServer();
    for (String path : List.of("/api/config", "/api/transformers", "/api/logs/files", "/api/usage")) {
      text("GET", path, null, 401);
      text("GET", path, null, 401, "x-api-key", "ui-key-2");
      text("GET", path, null, 200, "x-api-key", "ui-key-1");
      text("GET", path, null, 200, "Authorization", "Bearer ui-key-1");
    }
    text("POST", "/api/restart", null, 401);
    String config = text("GET", "/api/config", null, 200, "x-api-key", "ui-key-1");
    assertThat(config).as("APIKEY is a secret too").doesNotContain("ui-key-1");
  }

  @Test
  void withoutApiKeyAPageOfAnotherOriginIsRefused() throws Exception {
    text("GET", "/api/config", null, 403, "Origin", "https://evil.example");
    text("POST", "/api/config", "{}", 403, "Origin", "https://evil.example");
    text("GET", "/api/config", null, 200, "Origin", "http://127.0.0.1:" + server.port());
  }

  @Test
  void withoutApiKeyARequestAddressedToAnotherNameIsRefused() throws Exception {
    // what a DNS-rebinding page sends: a same-origin GET (no Origin header) under its own host name
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write(("GET /api/config HTTP/1.1\r\nHost: evil.example:" + server.port()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 403").contains("permission_error").doesNotContain("Providers");
    }
    assertThat(ManagementApi.isLocalHost("localhost:3456")).isTrue();
    assertThat(ManagementApi.isLocalHost("127.0.0.1")).isTrue();
    assertThat(ManagementApi.isLocalHost("[::1]:3456")).isTrue();
    assertThat(ManagementApi.isLocalHost("127.0.0.1.evil.example")).isFalse();
    assertThat(ManagementApi.isLocalHost("localhost.evil.example")).isFalse();
  }

  @Test
  void theUiIsServedWithAStrictPolicy() throws Exception {
    try (Response r = http.newBuilder().followRedirects(false).build().newCall(new Request.Builder().url(url("/ui")).build()).execute()) {
      assertThat(r.code()).isEqualTo(301);
      assertThat(r.header("Location")).isEqualTo("/ui/");
    }
    try (Response r = call("GET", "/ui/", null)) {
      String page = r.body().string();
      assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
      assertThat(page).contains("/ui/" + UiFiles.VERSION + "/app.js").doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
    }
    try (Response r = call("GET", "/ui/" + UiFiles.VERSION + "/app.js", null)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("text/javascript");
      assertThat(r.header("Cache-Control")).contains("immutable");
    }
    text("GET", "/ui/" + UiFiles.VERSION + "/..%2F..%2Fapi%2Fconfig", null, 404);
    text("GET", "/ui/" + UiFiles.VERSION + "/secret.txt", null, 404);
  }

  @Test
  void everyFileOfTheAppIsServedAndCoveredByTheVersionDigest() throws Exception {
    Path folder = Path.of(UiFiles.class.getResource("/ccr-ui/index.html").toURI()).getParent();
    try (var files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("index.html")))
          .containsExactlyInAnyOrderElementsOf(UiFiles.ASSETS);
    }
  }
}
