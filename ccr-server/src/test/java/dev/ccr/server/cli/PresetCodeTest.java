package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

/** {@code ccr NAME} and a background server serving presets, run as separate processes the way a user runs them. */
class PresetCodeTest {
  @TempDir Path home;
  int port;
  MockWebServer upstream;

  @BeforeEach
  void config() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    upstream = new MockWebServer();
    upstream.start();
    Files.writeString(home.resolve("config.json"), "{APIKEY: 'cli-key', PORT: " + port + ",\n"
        + "  Providers: [{name: 'claude', api_base_url: '" + upstream.url("/v1/messages") + "', api_key: 'sk-up',"
        + " models: ['claude-x'], transformer: {use: ['anthropic']}}], Router: {default: 'claude,claude-x'}}");
  }

  @AfterEach
  void stop() throws Exception {
    run(Map.of(), "stop");
    upstream.close();
  }

  private String run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), "-Dccr.home=" + home, Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    for (String v : List.of("CCR_HOME", "CCR_JAVA_OPTS", "CI", "FORCE_COLOR", "NODE_NO_READLINE", "CLAUDE_API_KEY")) {
      pb.environment().remove(v);
    }
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() + "\n" + out;
  }

  @Test
  void aBackgroundServerServesAPresetAndItsNameRunsClaudeAgainstIt() throws Exception {
    assertThat(run(Map.of(), "preset", "export", "team")).startsWith("0\n");
    assertThat(run(Map.of(), "start", "--daemon")).startsWith("0\n");

    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
        .body(PresetRoundTripTest.REPLY).build());
    try (Response r = new OkHttpClient().newCall(new Request.Builder()
        .url("http://127.0.0.1:" + port + "/preset/team/v1/messages").header("x-api-key", "cli-key")
        .post(RequestBody.create(PresetRoundTripTest.REQUEST, MediaType.get("application/json"))).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
    }
    assertThat(upstream.takeRequest().getHeaders().get("x-api-key")).as("kept at export, for this machine").isEqualTo("sk-up");

    Path claude = home.resolve("fake-claude.sh");
    Files.writeString(claude, "#!/bin/sh\nout=\"$(dirname \"$0\")/claude-saw.txt\"\n"
        + "for a in \"$@\"; do echo \"arg:$a\" >> \"$out\"; done\n"
        + "echo \"env:ANTHROPIC_BASE_URL=$ANTHROPIC_BASE_URL\" >> \"$out\"\n"
        + "echo \"env:ANTHROPIC_AUTH_TOKEN=$ANTHROPIC_AUTH_TOKEN\" >> \"$out\"\nexit 5\n");
    Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(run(Map.of("CLAUDE_PATH", claude.toString()), "team", "-p", "hi")).startsWith("5\n");
    assertThat(Files.readAllLines(home.resolve("claude-saw.txt"))).containsExactly("arg:-p", "arg:hi",
        "env:ANTHROPIC_BASE_URL=http://127.0.0.1:" + port + "/preset/team", "env:ANTHROPIC_AUTH_TOKEN=cli-key");
    assertThat(run(Map.of("CLAUDE_PATH", claude.toString()), "nobody")).startsWith("2\n").contains("unknown command \"nobody\"");
  }

  @Test
  void aPresetsOwnStatusLineIsWhatItsNameGivesClaude() throws Exception {
    assertThat(run(Map.of(), "preset", "export", "team")).startsWith("0\n");
    // The main config has no StatusLine; the preset has one of its own.
    Path manifest = home.resolve("presets/team/manifest.json");
    String withLine = Files.readString(manifest).replaceFirst("\\{", "{\"StatusLine\": {\"enabled\": true, \"currentStyle\": "
        + "\"default\", \"default\": {\"modules\": [{\"type\": \"model\", \"text\": \"team:{{model}}\"}]}},");
    Files.writeString(manifest, withLine);
    assertThat(run(Map.of(), "start", "--daemon")).startsWith("0\n");
    Path claude = home.resolve("fake-claude.sh");
    Files.writeString(claude, "#!/bin/sh\nfor a in \"$@\"; do echo \"arg:$a\" >> \"$(dirname \"$0\")/claude-saw.txt\"; done\nexit 5\n");
    Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(run(Map.of("CLAUDE_PATH", claude.toString()), "team", "-p", "hi")).startsWith("5\n");
    List<String> args = Files.readAllLines(home.resolve("claude-saw.txt"));
    assertThat(args).contains("arg:--settings", "arg:-p", "arg:hi");
    String settings = args.get(args.indexOf("arg:--settings") + 1);
    assertThat(settings).contains("statusline", "team");

    // The command it names draws the preset's modules, with the preset's default route for the model.
    String line = run(Map.of(), "statusline", "--config", home.resolve("config.json").toString(), "team");
    assertThat(line).startsWith("0\n").contains("team:claude-x");
    assertThat(run(Map.of(), "statusline")).doesNotContain("team:");
  }
}
