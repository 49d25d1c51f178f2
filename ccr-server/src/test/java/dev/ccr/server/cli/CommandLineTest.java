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

  /** Runs ccr with its input closed. */
  private Result run(Map<String, String> env, String... args) throws Exception {
    Process p = ccr(env, true, args);
    p.getOutputStream().close();
    return ccrOutput(p);
  }

  /** Runs ccr with {@code stdin} written to its input, which stays open until it exits, as a terminal's does. */
  private Result runWithInput(Map<String, String> env, String stdin, String... args) throws Exception {
    Process p = ccr(env, true, args);
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().flush();
    try {
      return ccrOutput(p);
    } finally {
      p.getOutputStream().close();
    }
  }

  /** A ccr process, with stderr in its output; {@code ccrHome} false leaves the folder to the environment. */
  private Process ccr(Map<String, String> env, boolean ccrHome, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path")));
    if (ccrHome) command.add("-Dccr.home=" + home);
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("CCR_HOME");
    pb.environment().remove("CCR_JAVA_OPTS");
    // CI machines set these; the tests decide them so that they read the same everywhere.
    for (String v : List.of("CI", "FORCE_COLOR", "NODE_NO_READLINE")) pb.environment().remove(v);
    pb.environment().putAll(env);
    return pb.start();
  }

  private Path fakeClaude() throws Exception {
    Path script = home.resolve("fake-claude.sh");
    Files.writeString(script, "#!/bin/sh\n"
        + "out=\"$(dirname \"$0\")/claude-saw.txt\"\n"
        + "for a in \"$@\"; do echo \"arg:$a\" >> \"$out\"; done\n"
        + "if IFS= read -r line; then echo \"stdin:$line\" >> \"$out\"; else echo stdin:closed >> \"$out\"; fi\n"
        + "for v in ANTHROPIC_BASE_URL ANTHROPIC_AUTH_TOKEN ANTHROPIC_API_KEY API_TIMEOUT_MS DISABLE_TELEMETRY DISABLE_COST_WARNINGS NO_PROXY"
        + " CI FORCE_COLOR NODE_NO_READLINE TERM; do\n"
        + "  eval \"echo env:$v=\\$$v\" >> \"$out\"\n"
        + "done\n"
        + "exit 7\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  @Test
  void codeStartsTheServerRunsClaudeWithEveryArgumentAndStopsWhatItStarted() throws Exception {
    Result r = run(Map.of("CLAUDE_PATH", fakeClaude().toString(), "ANTHROPIC_API_KEY", "sk-ant-real-user-key"), "code",
        "-p", "say hi, please", "--model", "x y");

    assertThat(r.code()).as(r.output()).isEqualTo(7);
    List<String> saw = Files.readAllLines(home.resolve("claude-saw.txt"));
    assertThat(saw).containsSubsequence("arg:-p", "arg:say hi, please", "arg:--model", "arg:x y");
    assertThat(saw).contains("env:ANTHROPIC_BASE_URL=http://127.0.0.1:" + port, "env:ANTHROPIC_AUTH_TOKEN=cli-key",
        "env:ANTHROPIC_API_KEY=", "env:API_TIMEOUT_MS=120000", "env:DISABLE_TELEMETRY=true", "env:DISABLE_COST_WARNINGS=true", "env:NO_PROXY=127.0.0.1");
    assertThat(home.resolve(".claude-code-router.pid")).as("the server it started is stopped again").doesNotExist();
    assertThat(run(Map.of(), "status").code()).isEqualTo(3);
  }

  @Test
  void codeGivesClaudeTheStatusLineCommandInItsSettingsWhenTheConfigEnablesIt() throws Exception {
    Files.writeString(home.resolve("config.json"), "{PORT: " + port + ", Providers: [{name: 'p', api_base_url: "
        + "'http://127.0.0.1:9/v1', api_key: 'k', models: ['m1']}], Router: {default: 'p,m1'},"
        + "StatusLine: {enabled: true, currentStyle: 'default', default: {modules: [{type: 'model', text: 'via ccr {{model}}'}]}}}");

    Result r = run(Map.of("CLAUDE_PATH", fakeClaude().toString()), "code", "--settings", "{\"theme\": \"dark\"}", "-p", "hi");

    assertThat(r.code()).as(r.output()).isEqualTo(7);
    List<String> saw = Files.readAllLines(home.resolve("claude-saw.txt"));
    assertThat(saw).containsSubsequence("arg:--settings", "arg:-p", "arg:hi");
    dev.ccr.json.JsonObject settings = dev.ccr.json.Json5.parse(saw.get(saw.indexOf("arg:--settings") + 1)
        .substring("arg:".length()), "settings").asObject();
    assertThat(settings.getString("theme")).isEqualTo("dark");
    assertThat(settings.getObject("statusLine").getString("type")).isEqualTo("command");

    // Claude Code runs the command through a shell, with the status JSON on stdin.
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", settings.getObject("statusLine").getString("command"));
    pb.environment().remove("CCR_HOME");
    pb.environment().remove("NO_COLOR"); // a colour terminal, whatever the tests inherit
    pb.environment().put("TERM", "xterm-256color");
    Process statusLine = pb.start();
    statusLine.getOutputStream().write("{\"session_id\": \"s\"}".getBytes(StandardCharsets.UTF_8));
    statusLine.getOutputStream().close();
    String line = new String(statusLine.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(statusLine.waitFor()).isZero();
    assertThat(line).isEqualTo("via ccr m1\u001b[0m\n");
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
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setProperty("ccr.home", home.toString());
    try {
      assertThat(Main.run(new String[] {"activate"}, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8))).isZero();
    } finally {
      System.setProperty("ccr.home", "target/ccr-home");
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("export ANTHROPIC_BASE_URL='http://127.0.0.1:" + port + "'",
        "export ANTHROPIC_AUTH_TOKEN='cli-key'", "export NO_PROXY='127.0.0.1'").doesNotContain("ccr start");
    // Nothing listens on the test's port: the warning goes to stderr, never into what eval runs.
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("nothing answers at http://127.0.0.1:" + port,
        "ccr start --daemon");
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

  private String config(String extra) {
    return "{" + extra + " APIKEY: 'cli-key', PORT: " + port + ", Providers: [{name: 'deepseek', api_key: 'k',"
        + " models: ['deepseek-chat'], transformer: {use: ['deepseek']}}], Router: {default: 'deepseek,deepseek-chat'}}";
  }

  @Test
  void nonInteractiveModeGivesClaudeTheCiEnvironmentAndAClosedStdin() throws Exception {
    Files.writeString(home.resolve("config.json"), config("NON_INTERACTIVE_MODE: true,"));

    Result r = runWithInput(Map.of("CLAUDE_PATH", fakeClaude().toString(), "TERM", "xterm-256color"), "typed by a user\n", "code", "-p", "hi");

    assertThat(r.code()).as(r.output()).isEqualTo(7);
    assertThat(Files.readAllLines(home.resolve("claude-saw.txt"))).contains("stdin:closed", "env:CI=true",
        "env:FORCE_COLOR=0", "env:NODE_NO_READLINE=1", "env:TERM=dumb", "arg:-p", "arg:hi");
  }

  @Test
  void interactiveClaudeReadsTheUsersStdinAndKeepsTheTerminal() throws Exception {
    // The counterpart of the test above: the fake claude can tell an inherited stdin from a closed one.
    Result r = runWithInput(Map.of("CLAUDE_PATH", fakeClaude().toString(), "TERM", "xterm-256color"), "typed by a user\n", "code");

    assertThat(r.code()).as(r.output()).isEqualTo(7);
    assertThat(Files.readAllLines(home.resolve("claude-saw.txt"))).contains("stdin:typed by a user", "env:CI=",
        "env:FORCE_COLOR=", "env:NODE_NO_READLINE=", "env:TERM=xterm-256color");
  }

  /** A process's command line; ProcessHandle.Info gives up on one as long as a test class path. */
  private static List<String> argumentsOf(long pid) throws Exception {
    Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
    if (Files.exists(cmdline)) return List.of(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
    return ProcessHandle.of(pid).flatMap(h -> h.info().arguments()).map(List::of).orElse(List.of());
  }

  private long daemonPid() throws Exception {
    return Long.parseLong(Files.readString(home.resolve(".claude-code-router.pid")).trim());
  }

  @Test
  void ccrJavaOptsReachTheBackgroundServer() throws Exception {
    Map<String, String> opts = Map.of("CCR_JAVA_OPTS", "-Dccr.test.marker=started -Xss2m");
    Result started = run(opts, "start", "--daemon");
    assertThat(started.code()).as(started.output()).isZero();
    assertThat(argumentsOf(daemonPid())).contains("-Dccr.test.marker=started", "-Xss2m");

    Result restarted = run(Map.of("CCR_JAVA_OPTS", "-Dccr.test.marker=restarted"), "restart");
    assertThat(restarted.code()).as(restarted.output()).isZero();
    assertThat(argumentsOf(daemonPid())).contains("-Dccr.test.marker=restarted").doesNotContain("-Dccr.test.marker=started");
  }

  @Test
  void helpOfEveryCommandRunsNothing() throws Exception {
    for (String command : List.of("start", "stop", "restart", "status", "code", "activate", "env", "model", "validate", "init")) {
      Result r = run(Map.of("CLAUDE_PATH", fakeClaude().toString()), command, "--help");
      assertThat(r.code()).as(command).isZero();
      assertThat(r.output()).as(command).contains("Usage: ccr " + (command.equals("env") ? "activate" : command));
    }
    assertThat(home.resolve("logs")).as("no server was spawned").doesNotExist();
    assertThat(home.resolve("claude-saw.txt")).as("claude was not run").doesNotExist();
    assertThat(Files.readString(home.resolve("config.json"))).as("init wrote nothing").contains("// mine");
  }

  @Test
  void homeFromTheEnvironmentIsWhereCcrLooks() throws Exception {
    Path userHome = home.resolve("elsewhere");
    Files.createDirectories(userHome);

    Result r = ccrOutput(ccr(Map.of("HOME", userHome.toString()), false, "init"));

    assertThat(r.code()).as(r.output()).isZero();
    assertThat(userHome.resolve(".claude-code-router/config.json")).exists();
  }

  private static Result ccrOutput(Process p) throws Exception {
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), output);
  }

  @Test
  void aBackgroundServerThatCannotStartSaysWhy() throws Exception {
    try (ServerSocket taken = new ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(taken.getLocalPort()).isEqualTo(port);
      Result r = run(Map.of(), "start", "--daemon");

      assertThat(r.code()).isEqualTo(1);
      assertThat(r.output()).contains("the server stopped at once", "cannot listen on 127.0.0.1:" + port, "ccr-daemon.log");
    }
  }

  @Test
  void aForegroundServerSaysWhereItListensOnceAndWhatToDoNext() throws Exception {
    Process p = ccr(Map.of(), true, "start");
    java.io.BufferedReader lines = new java.io.BufferedReader(
        new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      seen.append(line).append('\n');
      if (line.contains("ccr code")) break; // the last line start-up prints
    }
    // Another terminal sees it: status names it, and a background start (as `ccr code` makes) uses it.
    Result status = run(Map.of(), "status");
    Result again = run(Map.of(), "start", "--daemon");
    long pid = p.pid();
    assertThat(status.code()).as(status.output()).isZero();
    assertThat(status.output()).contains(Long.toString(pid), "127.0.0.1:" + port);
    assertThat(again.output()).contains("already running (PID " + pid + ")");
    p.toHandle().destroy(); // SIGTERM, as Ctrl-C: the server stops and the JVM exits (Process.destroy would close its output)
    seen.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    String output = seen.toString();
    assertThat(output.split("listening on", -1)).as(output).hasSize(2);
    assertThat(output).contains("listening on http://127.0.0.1:" + port, "config " + home.resolve("config.json"),
        "run `ccr code` in another terminal");
    assertThat(home.resolve(".claude-code-router.pid")).as("removed when the server stops").doesNotExist();
  }

  @Test
  void aBackgroundStartThatLosesThePortToAnotherCcrUsesThatOne() throws Exception {
    // As when two `ccr code` start at once: the other server is registered and listening on the port.
    Process p = ccr(Map.of(), true, "start");
    try {
      java.io.BufferedReader lines = new java.io.BufferedReader(
          new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null && !line.contains("ccr code"); line = lines.readLine()) {
        // wait until it listens
      }
      String saved = System.getProperty("ccr.home");
      System.setProperty("ccr.home", home.toString());
      try {
        Daemon.Running r = Daemon.spawn(List.of(), java.time.Duration.ofSeconds(60));
        assertThat(r.pid()).isEqualTo(p.pid());
        assertThat(r.url()).isEqualTo("http://127.0.0.1:" + port);
      } finally {
        System.setProperty("ccr.home", saved);
      }
    } finally {
      p.toHandle().destroy();
      p.waitFor(60, TimeUnit.SECONDS);
    }
  }
}
