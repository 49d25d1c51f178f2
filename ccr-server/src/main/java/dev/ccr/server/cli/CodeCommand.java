package dev.ccr.server.cli;

import dev.ccr.config.CcrConfig;
import dev.ccr.json.JsonObject;
import dev.ccr.server.statusline.StatusLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ccr code}: runs {@code claude} against the proxy, starting it in the background first when
 * it is not running. A server this command started is stopped when the last {@code ccr code} using
 * it ends; one it did not start is never stopped.
 */
@Command(name = "code", description = {"Run Claude Code through the proxy (started in the background if needed).",
    "Everything from the first argument that is not ccr's own goes to claude unchanged.",
    "To pass one that ccr would take itself, put -- first: ccr code -- --help"})
final class CodeCommand extends CcrCommand {
  @Mixin ConfigOption config = new ConfigOption();

  @Option(names = "--preset", paramLabel = "NAME",
      description = "Use the installed preset NAME, served at <server>/preset/NAME (the same as ccr NAME).")
  String preset;

  @Parameters(paramLabel = "CLAUDE_ARGS", description = "Arguments for claude.")
  List<String> claudeArgs = new ArrayList<>();

  /** From the first argument ccr does not know, everything is claude's, options included. */
  static void passThrough(CommandLine code) {
    code.setUnmatchedOptionsArePositionalParams(true);
    code.setStopAtPositional(true);
  }

  /** The environment that points Claude Code at the proxy at {@code url}. */
  static Map<String, String> environment(CcrConfig config, String url) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ANTHROPIC_BASE_URL", url);
    env.put("ANTHROPIC_AUTH_TOKEN", config.apiKey() != null ? config.apiKey() : "ccr");
    // As the original does: a real Anthropic key in the user's shell must not reach claude beside the token.
    env.put("ANTHROPIC_API_KEY", "");
    env.put("API_TIMEOUT_MS", Long.toString(config.apiTimeoutMs()));
    env.put("DISABLE_TELEMETRY", "true");
    env.put("DISABLE_COST_WARNINGS", "true");
    env.put("NO_PROXY", "127.0.0.1");
    return env;
  }

  /** What the original adds for {@code NON_INTERACTIVE_MODE}: no prompts, colours or line editing (CI, scripts). */
  static Map<String, String> nonInteractive() {
    return Map.of("CI", "true", "FORCE_COLOR", "0", "NODE_NO_READLINE", "1", "TERM", "dumb");
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    String claude = System.getenv().getOrDefault("CLAUDE_PATH", "claude");
    if (!onPath(claude)) { // say so before starting a server for nothing
      err().println("ccr: cannot find " + claude + "; install Claude Code (npm install -g @anthropic-ai/claude-code) "
          + "or set CLAUDE_PATH");
      return 127;
    }
    if (preset != null && !PresetCommand.store().installed(preset)) {
      err().println("ccr: no preset named \"" + preset + "\" is installed (ccr preset list)");
      return 1;
    }
    ConfigFiles.Loaded loaded = ConfigFiles.load(config.file, err());
    CcrConfig cfg = loaded.config();
    Optional<Daemon.Running> running = Daemon.running();
    boolean startedHere = running.isEmpty();
    if (!startedHere && config.file != null) {
      err().println("ccr: a server is already running at " + running.get().url() + " with the config it started with; "
          + "--config " + config.file + " sets only what claude is told (run `ccr restart --config " + config.file
          + "` to serve it)");
    }
    Daemon.Running server = startedHere
        ? Daemon.spawn(ServerOptions.of(config.file, null, null).arguments(), StartCommand.START_WAIT)
        : running.get();
    if (startedHere) err().println("ccr: started the server in the background (PID " + server.pid() + ") at " + server.url());
    Path sessions = CcrConfig.home().resolve(".code-sessions");
    Files.createDirectories(sessions);
    Path mine = sessions.resolve(Long.toString(ProcessHandle.current().pid()));
    Files.writeString(mine, Long.toString(server.pid()));
    try {
      return runClaude(cfg, preset == null ? server.url() : server.url() + "/preset/" + preset);
    } finally {
      Files.deleteIfExists(mine);
      if (startedHere && !otherSessionsAlive(sessions)) Daemon.stop(StopCommand.GRACE);
    }
  }

  /** True when {@code command} names an executable file, or one in a {@code PATH} folder. */
  static boolean onPath(String command) {
    if (command.contains("/")) return Files.isExecutable(Path.of(command));
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) return true;
    }
    return false;
  }

  private int runClaude(CcrConfig cfg, String url) throws InterruptedException, IOException {
    String claude = System.getenv().getOrDefault("CLAUDE_PATH", "claude");
    List<String> command = new ArrayList<>();
    command.add(claude);
    // A preset's own StatusLine decides for `ccr NAME`, as its Router does for the requests.
    JsonObject drawn = preset == null ? cfg.raw() : StatusLineCommand.withPreset(cfg.raw(), preset);
    command.addAll(StatusLine.enabled(drawn)
        ? ClaudeSettings.withStatusLine(claudeArgs, ClaudeSettings.statusLineCommand(config.file, preset), err())
        : claudeArgs);
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    if (!cfg.nonInteractiveMode()) pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
    dev.ccr.internal.ChildEnvironment.clean(pb.environment());
    pb.environment().putAll(environment(cfg, url));
    if (cfg.nonInteractiveMode()) pb.environment().putAll(nonInteractive());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      err().println("ccr: cannot run " + claude + " (" + e.getMessage() + "); install Claude Code or set CLAUDE_PATH");
      return 127;
    }
    // As the original does: claude's stdin is a pipe closed at once, so it never waits for input.
    if (cfg.nonInteractiveMode()) p.getOutputStream().close();
    return p.waitFor();
  }

  private static boolean otherSessionsAlive(Path sessions) throws IOException {
    try (var files = Files.list(sessions)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        try {
          long pid = Long.parseLong(f.getFileName().toString());
          if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return true;
          Files.deleteIfExists(f);
        } catch (NumberFormatException ignored) {
          // not ours
        }
      }
    }
    return false;
  }
}
