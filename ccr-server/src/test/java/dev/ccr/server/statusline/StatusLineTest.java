package dev.ccr.server.statusline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json5;
import dev.ccr.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Golden lines, ANSI codes included, for each module type and both styles, from each source of figures. */
class StatusLineTest {
  private static final String E = "\u001b[";
  private static final String R = "\u001b[0m";

  @TempDir Path tmp;
  Path project;
  FakeCcr ccr;

  @BeforeEach
  void repo() throws Exception {
    project = Files.createDirectories(tmp.resolve("proj"));
    GitRepo.git(project, "init", "-q");
    GitRepo.git(project, "checkout", "-q", "-b", "feature/status");
    ccr = new FakeCcr();
  }

  @AfterEach
  void stop() {
    ccr.close();
  }

  private String stdin(String sessionId, Path transcript) {
    return "{\"hook_event_name\":\"Status\",\"session_id\":\"" + sessionId + "\",\"transcript_path\":"
        + (transcript == null ? "null" : "\"" + transcript + "\"") + ",\"cwd\":\"" + project + "\","
        + "\"model\":{\"id\":\"claude-sonnet-4-5\",\"display_name\":\"Sonnet 4.5\"},"
        + "\"workspace\":{\"current_dir\":\"" + project + "\",\"project_dir\":\"" + project + "\"},"
        + "\"version\":\"2.0.31\",\"cost\":{\"total_cost_usd\":0.53,\"total_duration_ms\":343171,"
        + "\"total_api_duration_ms\":20000,\"total_lines_added\":200,\"total_lines_removed\":50},"
        + "\"context_window\":{\"total_input_tokens\":9000,\"total_output_tokens\":800,\"context_window_size\":200000,"
        + "\"current_usage\":{\"input_tokens\":30000,\"output_tokens\":10,\"cache_creation_input_tokens\":0,"
        + "\"cache_read_input_tokens\":20000}}}";
  }

  private static JsonObject config(String json5) {
    return Json5.parse(json5, "test").asObject();
  }

  private StatusLine line(JsonObject config, String serverUrl, Map<String, String> env) {
    return StatusLine.builder().config(config).server(serverUrl, "sk-ccr").env(env::get).processDir(tmp)
        .serverTimeout(Duration.ofSeconds(5)).scriptTimeout(Duration.ofSeconds(10)).build();
  }

  private Path script(String body) throws IOException {
    Path s = tmp.resolve("module.sh");
    Files.writeString(s, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
    return s;
  }

  @Test
  void defaultStyleDrawsEveryModuleTypeInItsNamedBrightOrHexColourFromTheServersFigures() throws Exception {
    ccr.answers.put("/api/sessions/s-1", FakeCcr.session("s-1"));
    Path script = script("cat > \"$(dirname \"$0\")/seen.json\"; echo from-script; echo second line");
    JsonObject config = config("{StatusLine: {enabled: true, currentStyle: 'default', default: {modules: ["
        + "{type: 'workDir', icon: 'W', text: '{{workDirName}}', color: 'bright_blue'},"
        + "{type: 'gitBranch', icon: 'B', text: '{{gitBranch}}', color: 'magenta'},"
        + "{type: 'model', icon: 'M', text: '{{model}}', color: '#00afff'},"
        + "{type: 'usage', icon: '↑', text: '{{inputTokens}}', color: 'green', background: 'bg_black'},"
        + "{type: 'usage', icon: '↓', text: '{{outputTokens}}', color: 'bright_yellow', background: '#202020'},"
        + "{type: 'speed', icon: '⚡', text: '{{tokenSpeed}} t/s {{timeToFirstToken}}', color: 'f80'},"
        + "{type: 'cost', text: '{{cost}}', color: 'red'},"
        + "{type: 'context', text: '{{contextPercent}}% of {{contextWindowSize}}', color: 'cyan'},"
        + "{type: 'script', scriptPath: '" + script + "', color: 'white', options: {k: 1}},"
        + "{type: 'budget', text: '{{budget}}', color: 'red'}"
        + "]}}}");

    String line = line(config, ccr.url(), Map.of()).render(stdin("s-1", null));

    assertThat(line).isEqualTo(E + "94mW proj" + R + " " + E + "35mB feature/status" + R + " "
        + E + "38;2;0;175;255mM deepseek-chat" + R + " " + E + "40m" + E + "32m↑ 1.2k" + R + " "
        + E + "48;2;32;32;32m" + E + "93m↓ 56" + R + " " + E + "38;2;255;136;0m⚡ 42 t/s 350ms" + R + " "
        + E + "31m$0.01" + R + " " + E + "36m8% of 128k" + R + " " + E + "37mfrom-script" + R);
    assertThat(ccr.requests).containsExactly("/api/sessions/s-1 key=sk-ccr", "/api/usage key=sk-ccr");
    JsonObject seen = Json5.parse(Files.readString(tmp.resolve("seen.json")), "seen").asObject();
    assertThat(seen.getString("model")).isEqualTo("deepseek-chat");
    assertThat(seen.getString("gitBranch")).isEqualTo("feature/status");
    assertThat(seen.getObject("options").toJson()).isEqualTo("{\"k\":1}");
  }

  @Test
  void powerlineStyleJoinsSegmentsWithArrowsInTheNextSegmentsBackground() {
    ccr.answers.put("/api/sessions/s-1", FakeCcr.session("s-1"));
    JsonObject config = config("{StatusLine: {currentStyle: 'powerline', powerline: {modules: ["
        + "{type: 'workDir', icon: 'W', text: '{{workDirName}}'},"
        + "{type: 'gitBranch', text: '{{budget}}', background: 'bg_red'}," // empty: left out, arrows skip it
        + "{type: 'model', icon: 'M', text: '{{model}}', color: '#000000', background: '#ffd700'},"
        + "{type: 'usage', icon: '↓', text: '{{outputTokens}}', background: 'bg_green'}]}}}");

    String line = line(config, ccr.url(), Map.of()).render(stdin("s-1", null));

    assertThat(line).isEqualTo(
        E + "48;2;0;0;255m" + E + "38;2;192;192;192m W proj " + R + E + "38;2;0;0;255m" + E + "48;2;255;215;0m\uE0B0" + R
        + E + "48;2;255;215;0m" + E + "38;2;0;0;0m M deepseek-chat " + R + E + "38;2;255;215;0m" + E + "48;2;0;128;0m\uE0B0" + R
        + E + "48;2;0;128;0m" + E + "38;2;192;192;192m ↓ 56 " + R + E + "38;2;0;128;0m\uE0B0" + R);
  }

  @Test
  void withoutAConfiguredThemeTheOriginalsDefaultThemeShowsNerdFontIcons() {
    ccr.answers.put("/api/sessions/s-1", FakeCcr.session("s-1"));

    String line = line(JsonObject.of(), ccr.url(), Map.of("TERM", "xterm-256color")).render(stdin("s-1", null));

    assertThat(line).isEqualTo(E + "94m\uDB80\uDE4B proj" + R + " " + E + "95m\uE725 feature/status" + R + " "
        + E + "96m\uDB81\uDEA9 deepseek-chat" + R + " " + E + "92m↑ 1.2k" + R + " " + E + "93m↓ 56" + R);
  }

  @Test
  void simpleIconsLeaveOutNerdFontGlyphsAndPowerlineArrows() {
    ccr.answers.put("/api/sessions/s-1", FakeCcr.session("s-1"));
    String plain = line(JsonObject.of(), ccr.url(), Map.of("USE_SIMPLE_ICONS", "true")).render(stdin("s-1", null));
    String dumb = line(config("{StatusLine: {currentStyle: 'powerline'}}"), ccr.url(), Map.of("TERM", "dumb"))
        .render(stdin("s-1", null));

    assertThat(plain).isEqualTo(E + "94mproj" + R + " " + E + "95mfeature/status" + R + " " + E + "96mdeepseek-chat" + R
        + " " + E + "92m↑ 1.2k" + R + " " + E + "93m↓ 56" + R);
    // A dumb terminal draws no colour either: the segments are parted by spaces.
    assertThat(dumb).doesNotContain("\uE0B0").doesNotContain("\uE725").doesNotContain(E).startsWith("proj feature/status");
  }

  @Test
  void withoutAServerTheTranscriptsLastAssistantMessageGivesModelAndTokens() throws Exception {
    Path transcript = tmp.resolve("t.jsonl");
    Files.writeString(transcript, String.join("\n",
        "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}",
        "{\"type\":\"assistant\",\"message\":{\"model\":\"old-model\",\"usage\":{\"input_tokens\":1,\"output_tokens\":2}}}",
        "{\"type\":\"assistant\",\"message\":{\"model\":\"glm-4.6\",\"usage\":{\"input_tokens\":2500,\"output_tokens\":999}}}",
        "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"\\\"assistant\\\" said\"}}", "not json", ""));
    JsonObject config = config("{Router: {default: 'deepseek,deepseek-chat'}, StatusLine: {default: {modules: ["
        + "{type: 'model', text: '{{model}}'}, {type: 'usage', text: '{{inputTokens}}/{{outputTokens}}'},"
        + "{type: 'cost', text: '{{cost}}'}, {type: 'context', text: '{{contextPercent}}%'}, {type: 'x', text: '{{duration}}'}]}}}");

    String line = line(config, null, Map.of()).render(stdin("s-1", transcript));

    // Claude Code's own cost estimate and context figures stand in when ccr is not there to ask.
    assertThat(line).isEqualTo("glm-4.6" + R + " 2.5k/999" + R + " $0.53" + R + " 25%" + R + " 5m43s" + R);
  }

  @Test
  void aServerThatDoesNotKnowTheSessionLeavesItToTheTranscript() throws Exception {
    Path transcript = tmp.resolve("t.jsonl");
    Files.writeString(transcript, "{\"type\":\"assistant\",\"message\":{\"model\":\"glm-4.6\",\"usage\":{\"input_tokens\":5,\"output_tokens\":6}}}\n");
    JsonObject config = config("{StatusLine: {default: {modules: [{type: 'model', text: '{{model}} {{inputTokens}}'}]}}}");

    String line = line(config, ccr.url(), Map.of()).render(stdin("unknown", transcript));

    assertThat(line).isEqualTo("glm-4.6 5" + R);
    assertThat(ccr.requests).containsExactly("/api/sessions/unknown key=sk-ccr");
  }

  @Test
  void noServerAndNoTranscriptFallBackToTheDefaultRoutesModel() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    JsonObject config = config("{Router: {default: 'deepseek,deepseek-reasoner'},"
        + "StatusLine: {default: {modules: [{type: 'model', text: '{{model}}'}, {type: 'speed', text: '{{tokenSpeed}} t/s'}]}}}");

    String line = line(config, "http://127.0.0.1:" + closedPort, Map.of()).render(stdin("s-1", tmp.resolve("missing.jsonl")));

    assertThat(line).isEqualTo("deepseek-reasoner" + R);
  }

  @Test
  void modulesWhoseFiguresAreAllUnknownAreLeftOutNeverShownAsZero() throws Exception {
    Path transcript = tmp.resolve("t.jsonl");
    Files.writeString(transcript, "{\"type\":\"assistant\",\"message\":{\"model\":\"glm-4.6\",\"usage\":{\"input_tokens\":5,\"output_tokens\":6}}}\n");
    JsonObject config = config("{StatusLine: {default: {modules: [{type: 'model', text: '{{model}}'},"
        + "{type: 'context', text: '{{contextPercent}}% of {{contextWindowSize}}'}, {type: 'speed', text: '{{tokenSpeed}} t/s'},"
        + "{type: 'usage', text: 'out {{outputTokens}}'}]}}}");
    String noContextWindow = "{\"session_id\":\"s-1\",\"transcript_path\":\"" + transcript + "\",\"cwd\":\"" + project + "\"}";

    String line = line(config, null, Map.of()).render(noContextWindow);

    assertThat(line).isEqualTo("glm-4.6" + R + " out 6" + R);
  }

  @Test
  void noColorOrADumbTerminalGetsNoAnsiEscapes() {
    ccr.answers.put("/api/sessions/s-1", FakeCcr.session("s-1"));
    JsonObject plain = config("{StatusLine: {default: {modules: [{type: 'model', text: '{{model}}', color: 'red'},"
        + "{type: 'cost', text: '{{cost}}', color: '#ff8800', background: 'bg_blue'}]}}}");
    JsonObject powerline = config("{StatusLine: {currentStyle: 'powerline', powerline: {modules: ["
        + "{type: 'model', icon: 'M', text: '{{model}}', background: 'bg_red'}, {type: 'usage', text: '{{outputTokens}}'}]}}}");

    assertThat(line(plain, ccr.url(), Map.of("NO_COLOR", "1")).render(stdin("s-1", null))).isEqualTo("deepseek-chat $0.01");
    assertThat(line(powerline, ccr.url(), Map.of("NO_COLOR", "1", "TERM", "xterm-256color")).render(stdin("s-1", null)))
        .isEqualTo("M deepseek-chat 56");
    assertThat(line(plain, ccr.url(), Map.of("TERM", "dumb")).render(stdin("s-1", null))).isEqualTo("deepseek-chat $0.01");
    assertThat(line(plain, ccr.url(), Map.of("NO_COLOR", "")).render(stdin("s-1", null)))
        .as("an empty NO_COLOR is not set").isEqualTo(E + "31mdeepseek-chat" + R + " " + E + "44m" + E + "38;2;255;136;0m$0.01" + R);
  }

  @Test
  void aServerThatAcceptsButNeverAnswersIsGivenUpOnForTheTranscript() throws Exception {
    Path transcript = tmp.resolve("t.jsonl");
    Files.writeString(transcript, "{\"type\":\"assistant\",\"message\":{\"model\":\"glm-4.6\",\"usage\":{\"input_tokens\":5,\"output_tokens\":6}}}\n");
    JsonObject config = config("{StatusLine: {default: {modules: [{type: 'model', text: '{{model}}'}]}}}");
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      // The backlog accepts the connection; nothing ever reads the request or answers it.
      String line = StatusLine.builder().config(config).server("http://127.0.0.1:" + silent.getLocalPort(), null)
          .env(k -> null).serverTimeout(Duration.ofMillis(200)).build().render(stdin("s-1", transcript));

      assertThat(line).isEqualTo("glm-4.6" + R);
    }
  }

  @Test
  void emptyOrGarbageInputStillGetsALine() {
    StatusLine status = StatusLine.builder().config(config("{StatusLine: {default: {modules: ["
        + "{type: 'workDir', text: '{{workDirName}}'}, {type: 'model', text: '{{model}}'}]}}}")).env(k -> null)
        .processDir(project).build();

    assertThat(status.render("{}")).isEqualTo("proj" + R);
    assertThat(status.render("this is not json {")).isEqualTo("proj" + R);
    assertThat(status.render("[1, 2]")).isEqualTo("proj" + R);
    assertThat(status.render("{\"workspace\": 7, \"model\": [\"x\"], \"session_id\": {}}")).isEqualTo("proj" + R);
  }

  @Test
  void theBudgetComesFromTheServersUsageWhenAModuleAsksForIt() {
    ccr.answers.put("/api/sessions/s-1", FakeCcr.session("s-1"));
    ccr.answers.put("/api/usage", "{\"budget\":{\"daily\":{\"spent\":12.5,\"limit\":50},\"monthly\":{\"spent\":900,\"limit\":1000}}}");
    JsonObject config = config("{StatusLine: {default: {modules: [{type: 'cost', text: '{{cost}} {{budget}}'}]}}}");

    assertThat(line(config, ccr.url(), Map.of()).render(stdin("s-1", null))).isEqualTo("$0.01 $900.00/$1000" + R);
  }

  @Test
  void aFailingOrSlowScriptLeavesItsModuleOut() throws Exception {
    Path failing = script("echo partial; exit 3");
    Path slow = tmp.resolve("slow.sh");
    Files.writeString(slow, "#!/bin/sh\necho early\nexec sleep 60\n"); // what it printed does not count: it did not finish
    Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwx------"));
    JsonObject config = config("{StatusLine: {default: {modules: [{type: 'workDir', text: '{{workDirName}}'},"
        + "{type: 'script', scriptPath: '" + failing + "'}, {type: 'script', scriptPath: '" + slow + "'},"
        + "{type: 'script', scriptPath: 'echo from a command line'}]}}}");

    String line = StatusLine.builder().config(config).env(k -> null).scriptTimeout(Duration.ofMillis(300)).build()
        .render(stdin("s-1", null));

    assertThat(line).isEqualTo("proj" + R + " from a command line" + R);
  }
}
