package dev.ccr.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesRequest;
import dev.ccr.routing.Route;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.testing.AnthropicShapedProvider;
import dev.ccr.testing.FakeClock;
import dev.ccr.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-project and per-session Router tables, with Claude Code's transcripts laid out as it lays
 * them out under a temporary HOME.
 */
class ProjectTablesTest {
  static final String CONFIG = "{Providers: ["
      + "{name: 'main', api_base_url: 'https://m.example/v1', models: ['default-m', 'think-m'], transformer: {use: ['fake']}},"
      + "{name: 'shopai', api_base_url: 'https://s.example/v1', models: ['shop-m', 'shop-think'], transformer: {use: ['fake']}},"
      + "{name: 'mine', api_base_url: 'https://p.example/v1', models: ['session-m'], transformer: {use: ['fake']}},"
      + "{name: 'open', api_base_url: 'https://o.example/v1', models: [], transformer: {use: ['fake']}}],"
      + " Router: {default: 'main,default-m', think: 'main,think-m', longContextThreshold: 1000000}}";
  static final String SHOP_SESSION = "6f1c2d3e-aaaa-4bbb-8ccc-000000000001";
  static final String OTHER_SESSION = "6f1c2d3e-aaaa-4bbb-8ccc-000000000002";

  @TempDir Path home;
  Path ccrHome;
  Path claudeHome;
  Path shop;
  FakeClock clock = new FakeClock();
  ClaudeCodeRouter router;

  @BeforeEach
  void setUp() throws IOException {
    ccrHome = Files.createDirectories(home.resolve(".claude-code-router"));
    claudeHome = Files.createDirectories(home.resolve(".claude"));
    shop = Files.createDirectories(home.resolve("work/shop"));
    Path other = Files.createDirectories(home.resolve("work/other"));
    transcript(shop, SHOP_SESSION);
    transcript(other, OTHER_SESSION);
    router = ClaudeCodeRouter.builder().config(CcrConfig.parse(CONFIG)).projectHomes(ccrHome, claudeHome).clock(clock)
        .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
        .tokenCounter(r -> 10).build();
  }

  /** A transcript as Claude Code writes it: a folder named for the project's path, a line per event with its cwd. */
  void transcript(Path project, String session) throws IOException {
    Path folder = Files.createDirectories(claudeHome.resolve("projects").resolve(ClaudeTranscripts.folderName(project)));
    Files.writeString(folder.resolve(session + ".jsonl"),
        "{\"type\":\"summary\",\"summary\":\"x\",\"leafUuid\":\"1\"}\n"
            + "{\"parentUuid\":null,\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"" + project
            + "\",\"sessionId\":\"" + session + "\",\"version\":\"2.1.330\",\"type\":\"user\","
            + "\"message\":{\"role\":\"user\",\"content\":\"say hi\"}}\n");
  }

  Path originalFolder(Path project) throws IOException {
    return Files.createDirectories(ccrHome.resolve(ClaudeTranscripts.folderName(project)));
  }

  static MessagesRequest sayHi(boolean thinking) {
    JsonObject body = Fixtures.claudeCodeBody("say-hi");
    return AnthropicJson.request(thinking ? body : body.without("thinking"));
  }

  /** The captured request with the environment block current Claude Code sends, naming {@code dir}. */
  static MessagesRequest sayHiIn(Path dir, boolean thinking) {
    JsonObject body = Fixtures.claudeCodeBody("say-hi");
    List<JsonValue> messages = new ArrayList<>(body.getArray("messages").elements());
    messages.add(0, Json.parse("{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":"
        + "\"# Environment\\nYou have been invoked in the following environment: \\n - Primary working directory: " + dir
        + "\\n - Is a git repository: true\\n - Platform: linux\"}]}"));
    body = body.with("messages", JsonArray.of(messages));
    return AnthropicJson.request(thinking ? body : body.without("thinking"));
  }

  @Test
  void theOriginalsProjectTableRoutesThatProjectsSessionsAndNoOthers() throws IOException {
    Files.writeString(originalFolder(shop).resolve("config.json"), "{\"Router\": {\"default\": \"shopai,shop-m\"}}");

    Route shopRoute = router.route(sayHi(false), SHOP_SESSION);
    Route otherRoute = router.route(sayHi(false), OTHER_SESSION);
    Route noSession = router.route(sayHi(false), null);

    assertThat(shopRoute.target()).isEqualTo("shopai,shop-m");
    assertThat(shopRoute.reason()).contains("Router table: " + ccrHome.resolve(ClaudeTranscripts.folderName(shop))
        .resolve("config.json"));
    assertThat(otherRoute.target()).isEqualTo("main,default-m");
    assertThat(noSession.target()).as("fixture's own session has no transcript").isEqualTo("main,default-m");
  }

  @Test
  void theOriginalsTableReplacesTheWholeRouterButKeepsTheDefault() throws IOException {
    Files.writeString(originalFolder(shop).resolve("config.json"), "{\"Router\": {\"background\": \"shopai,shop-m\"}}");

    assertThat(router.route(sayHi(true), SHOP_SESSION).target()).as("think is not in the project's table")
        .isEqualTo("main,default-m");
    assertThat(router.route(sayHi(true), OTHER_SESSION).target()).isEqualTo("main,think-m");
  }

  @Test
  void aSessionsOwnFileWinsOverItsProjectsAsInTheOriginal() throws IOException {
    Path folder = originalFolder(shop);
    Files.writeString(folder.resolve("config.json"), "{\"Router\": {\"default\": \"shopai,shop-m\"}}");
    Files.writeString(folder.resolve(SHOP_SESSION + ".json"), "{\"Router\": {\"default\": \"mine,session-m\"}}");

    assertThat(router.route(sayHi(false), SHOP_SESSION).target()).isEqualTo("mine,session-m");
  }

  @Test
  void theProjectsOwnFileIsLaidOverTheGlobalTableKeyByKey() throws IOException {
    Path own = Files.createDirectories(shop.resolve(".claude-code-router"));
    Files.writeString(own.resolve("config.json"), "// the team's routes\n{Router: {think: 'shopai,shop-think'}}");

    Route thinking = router.route(sayHiIn(shop, true), null);
    Route plain = router.route(sayHiIn(shop, false), null);
    Route elsewhere = router.route(sayHiIn(home.resolve("work/other"), true), null);

    assertThat(thinking.target()).isEqualTo("shopai,shop-think");
    assertThat(thinking.reason()).contains(shop.resolve(ProjectTables.PROJECT_FILE) + " (over the config's Router)");
    assertThat(plain.target()).as("default comes from the global table").isEqualTo("main,default-m");
    assertThat(elsewhere.target()).isEqualTo("main,think-m");
  }

  @Test
  void withoutAWorkingDirectoryInTheRequestTheTranscriptsCwdFindsTheProjectsFile() throws IOException {
    Path own = Files.createDirectories(shop.resolve(".claude-code-router"));
    Files.writeString(own.resolve("config.json"), "{\"Router\": {\"think\": \"shopai,shop-think\"}}");

    assertThat(router.route(sayHi(true), SHOP_SESSION).target()).isEqualTo("shopai,shop-think");
    assertThat(router.explain(sayHi(true), SHOP_SESSION).facts()).containsEntry("project", shop.toString());
  }

  @Test
  void theUsersOwnFilesWinOverTheProjectsSharedOne() throws IOException {
    Path own = Files.createDirectories(shop.resolve(".claude-code-router"));
    Files.writeString(own.resolve("config.json"), "{\"Router\": {\"default\": \"shopai,shop-m\"}}");
    Files.writeString(originalFolder(shop).resolve(SHOP_SESSION + ".json"), "{\"Router\": {\"default\": \"mine,session-m\"}}");

    Route route = router.route(sayHiIn(shop, false), SHOP_SESSION);

    assertThat(route.target()).isEqualTo("mine,session-m");
    assertThat(route.reason()).as("the project's file had no effect, so it is not named")
        .contains("in place of the config's Router").doesNotContain("over the config's Router");
    assertThat(router.explain(sayHiIn(shop, false), SHOP_SESSION).steps())
        .containsExactly("Router table from " + originalFolder(shop).resolve(SHOP_SESSION + ".json") + " (in place of the config's Router)");
  }

  @Test
  void aProjectsFileNeverReadsTheServersEnvironment() throws IOException {
    // HOME is set wherever ccr runs: the old reading put its value into the upstream model and the route header.
    Path own = Files.createDirectories(shop.resolve(".claude-code-router"));
    Files.writeString(own.resolve("config.json"), "{\"Router\": {\"default\": \"open,$HOME\", \"think\": \"main,${HOME}\"}}");
    Files.writeString(originalFolder(home.resolve("work/other")).resolve("config.json"),
        "{\"Router\": {\"default\": \"open,$HOME\", \"think\": \"shopai,shop-think\"}}");

    Route plain = router.route(sayHiIn(shop, false), null);
    Route thinking = router.route(sayHiIn(shop, true), null);
    Route replaced = router.route(sayHi(false), OTHER_SESSION);

    assertThat(plain.target()).as("the entry with a $ is left out; the config's stays").isEqualTo("main,default-m");
    assertThat(thinking.target()).isEqualTo("main,think-m");
    assertThat(replaced.target()).as("without a usable default the config's is kept").isEqualTo("main,default-m");
    assertThat(router.route(sayHi(true), OTHER_SESSION).target()).isEqualTo("shopai,shop-think");
    String homeValue = System.getenv("HOME");
    if (homeValue != null && !homeValue.isEmpty()) {
      for (Route r : List.of(plain, thinking, replaced)) assertThat(r.header() + r.reason()).doesNotContain(homeValue + ",");
    }
  }

  @Test
  void aProjectsTargetIsCheckedAgainstItsProvidersModelsAsAnExplicitRouteIs() throws IOException {
    Path own = Files.createDirectories(shop.resolve(".claude-code-router"));
    Files.writeString(own.resolve("config.json"), "{\"Router\": {\"default\": \"shopai,no-such-model\", \"think\": \"open,anything\"}}");

    assertThat(router.route(sayHiIn(shop, false), null).target()).as("shopai lists its models").isEqualTo("main,default-m");
    assertThat(router.route(sayHiIn(shop, true), null).target()).as("open lists none: any model goes, as for an explicit route")
        .isEqualTo("open,anything");
  }

  @Test
  void lookupsFoundOrNotAreRememberedForAShortWhile() throws IOException {
    String fresh = "6f1c2d3e-aaaa-4bbb-8ccc-000000000003";
    assertThat(router.route(sayHi(false), fresh).target()).isEqualTo("main,default-m");

    transcript(shop, fresh); // Claude Code writes the transcript after its first request
    Files.writeString(originalFolder(shop).resolve("config.json"), "{\"Router\": {\"default\": \"shopai,shop-m\"}}");
    assertThat(router.route(sayHi(false), fresh).target()).as("the miss is remembered").isEqualTo("main,default-m");

    clock.advance(ProjectTables.TTL_MS + 1);
    assertThat(router.route(sayHi(false), fresh).target()).as("and forgotten").isEqualTo("shopai,shop-m");

    Files.delete(originalFolder(shop).resolve("config.json"));
    assertThat(router.route(sayHi(false), fresh).target()).as("a find is remembered").isEqualTo("shopai,shop-m");
    clock.advance(ProjectTables.TTL_MS + 1);
    assertThat(router.route(sayHi(false), fresh).target()).isEqualTo("main,default-m");
  }

  @Test
  void aSessionIdThatIsNoPlainIdIsNeverMadeAPath() throws IOException {
    Path folder = originalFolder(shop);
    Files.writeString(folder.resolve("config.json"), "{\"Router\": {\"default\": \"shopai,shop-m\"}}");
    String sneaky = "../" + ClaudeTranscripts.folderName(shop) + "/config";

    assertThat(router.route(sayHi(false), sneaky).target()).isEqualTo("main,default-m");
    assertThat(ClaudeTranscripts.isPlainId(sneaky)).isFalse();
    assertThat(ClaudeTranscripts.isPlainId(SHOP_SESSION)).isTrue();
  }

  @Test
  void aBrokenOrWrongTableIsLoggedAndTheGoodPartsOrTheGlobalTableServe() throws IOException {
    Path folder = originalFolder(shop);
    Files.writeString(folder.resolve("config.json"), "{\"Router\": {\"default\": ");
    assertThat(router.route(sayHi(false), SHOP_SESSION).target()).isEqualTo("main,default-m");

    Path own = Files.createDirectories(home.resolve("work/other/.claude-code-router"));
    Files.writeString(own.resolve("config.json"), "{\"Router\": {\"think\": \"ghost,x\", \"default\": \"shopai,shop-m\"}}");
    Route route = router.route(sayHiIn(home.resolve("work/other"), true), null);
    assertThat(route.target()).as("think names no provider: left out, so the global one stays").isEqualTo("main,think-m");
    assertThat(router.route(sayHiIn(home.resolve("work/other"), false), null).target()).isEqualTo("shopai,shop-m");
  }

  @Test
  void theWorkingDirectoryIsReadInBothOfClaudeCodesWordings() {
    assertThat(WorkingDirectory.find("<env>\nWorking directory: /home/me/shop\nIs directory a git repo: Yes\n</env>"))
        .isEqualTo(Path.of("/home/me/shop"));
    assertThat(WorkingDirectory.find("# Environment\n - Primary working directory: /home/me/a b/../shop  \n - x"))
        .isEqualTo(Path.of("/home/me/shop"));
    assertThat(WorkingDirectory.find("Working directory: relative/path")).isNull();
    assertThat(WorkingDirectory.find("the working directory: is mentioned in prose")).isNull();
    assertThat(WorkingDirectory.of(sayHi(false))).as("the captures' environment text is redacted").isNull();
  }

  @Test
  void claudeCodesFolderNameReplacesEveryOtherCharacterThanLettersAndDigits() {
    assertThat(ClaudeTranscripts.folderName(Path.of("/home/me/my_shop.v2"))).isEqualTo("-home-me-my-shop-v2");
  }
}
