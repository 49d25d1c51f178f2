package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ccr command line, run as separate processes the way a user runs it. */
class CommandLineTest {
  @TempDir Path home;
  int port;

  @BeforeEach
  void config() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(home.resolve("config.json"), "{\n  // mine\n  APIKEY: 'cli-key', PORT: " + port
        + ", API_TIMEOUT_MS: 120000,\n  Providers: [{name: 'deepseek', api_key: '$DEEPSEEK_API_KEY', models: ['deepseek-chat',"
        + " 'deepseek-reasoner'], transformer: {use: ['deepseek']}}],\n  Router: {default: 'deepseek,deepseek-chat'},\n}\n");
  }

  @AfterEach
  void stopAnything() throws Exception {
    run(Map.of(), "stop");
  }

  record Result(int code, String output) {}

  private Result run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
        "-Dccr.home=" + home, Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), output);
  }

  private Path fakeClaude() throws Exception {
    Path script = home.resolve("fake-claude.sh");
    Files.writeString(script, "#!/bin/sh\n"
        + "out=\"$(dirname \"$0\")/claude-saw.txt\"\n"
        + "for a in \"$@\"; do echo \"arg:$a\" >> \"$out\"; done\n"
        + "for v in ANTHROPIC_BASE_URL ANTHROPIC_AUTH_TOKEN API_TIMEOUT_MS DISABLE_TELEMETRY DISABLE_COST_WARNINGS NO_PROXY; do\n"
        + "  eval \"echo env:$v=\\$$v\" >> \"$out\"\n"
        + "done\n"
        + "exit 7\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  @Test
  void codeStartsTheServerRunsClaudeWithEveryArgumentAndStopsWhatItStarted() throws Exception {
    Result r = run(Map.of("CLAUDE_PATH", fakeClaude().toString()), "code", "-p", "say hi, please", "--model", "x y");

    assertThat(r.code()).as(r.output()).isEqualTo(7);
    List<String> saw = Files.readAllLines(home.resolve("claude-saw.txt"));
    assertThat(saw).containsSubsequence("arg:-p", "arg:say hi, please", "arg:--model", "arg:x y");
    assertThat(saw).contains("env:ANTHROPIC_BASE_URL=http://127.0.0.1:" + port, "env:ANTHROPIC_AUTH_TOKEN=cli-key",
        "env:API_TIMEOUT_MS=120000", "env:DISABLE_TELEMETRY=true", "env:DISABLE_COST_WARNINGS=true", "env:NO_PROXY=127.0.0.1");
    assertThat(home.resolve(".claude-code-router.pid")).as("the server it started is stopped again").doesNotExist();
    assertThat(run(Map.of(), "status").code()).isEqualTo(3);
  }

  @Test
  void daemonLifecycleAndACodeSessionThatLeavesAServerItDidNotStart() throws Exception {
    Result started = run(Map.of(), "start", "--daemon");
    assertThat(started.code()).as(started.output()).isZero();
    assertThat(started.output()).contains("running in the background", "http://127.0.0.1:" + port);
    long pid = Long.parseLong(Files.readString(home.resolve(".claude-code-router.pid")).trim());

    Result status = run(Map.of(), "status");
    assertThat(status.code()).isZero();
    assertThat(status.output()).contains("ccr is running (PID " + pid + ") at http://127.0.0.1:" + port);
    assertThat(run(Map.of(), "start", "--daemon").output()).contains("already running");

    assertThat(run(Map.of("CLAUDE_PATH", fakeClaude().toString()), "code").code()).isEqualTo(7);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("not stopped by code").contains(true);

    Result stopped = run(Map.of(), "stop");
    assertThat(stopped.output()).contains("ccr stopped");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(run(Map.of(), "status").output()).contains("ccr is not running");
  }

  @Test
  void activatePrintsTheExportLines() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setProperty("ccr.home", home.toString());
    try {
      assertThat(Main.run(new String[] {"activate"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isZero();
    } finally {
      System.setProperty("ccr.home", "target/ccr-home");
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("export ANTHROPIC_BASE_URL='http://127.0.0.1:" + port + "'",
        "export ANTHROPIC_AUTH_TOKEN='cli-key'", "export NO_PROXY='127.0.0.1'");
  }

  @Test
  void modelShowsAndChangesTheRouterTableWithoutResolvingSecrets() throws Exception {
    Result table = run(Map.of(), "model");
    assertThat(table.output()).contains("default      deepseek,deepseek-chat", "think        -");

    Result set = run(Map.of("DEEPSEEK_API_KEY", "sk-real-secret"), "model", "set", "think", "deepseek,deepseek-reasoner");
    assertThat(set.code()).as(set.output()).isZero();
    String written = Files.readString(home.resolve("config.json"));
    assertThat(written).contains("\"think\": \"deepseek,deepseek-reasoner\"", "$DEEPSEEK_API_KEY").doesNotContain("sk-real-secret");

    Result bad = run(Map.of(), "model", "set", "think", "nobody,x");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.output()).contains("Router.think names provider \"nobody\"");
    assertThat(Files.readString(home.resolve("config.json"))).isEqualTo(written);
  }
}
