package dev.ccr.server;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.config.RouteTarget;
import dev.ccr.spi.PluginRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code ccr} command line. */
public final class Main {
  static final Duration START_WAIT = Duration.ofSeconds(30);
  static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code >= 0) System.exit(code);
  }

  /** Runs a command; returns the exit code, or -1 when a server keeps running in this process. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      help(out);
      return 0;
    }
    List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
    try {
      switch (args[0]) {
        case "start":
          return start(rest, out, err);
        case "stop":
          return stop(out);
        case "restart":
          stop(out);
          return start(withDaemon(rest), out, err);
        case "status":
          return status(out);
        case "code":
          return code(rest, out, err);
        case "activate":
        case "env":
          return activate(rest, out, err);
        case "model":
          return model(rest, out, err);
        case "validate":
          return validate(rest, out, err);
        case "--version":
        case "-v":
        case "version":
          out.println("ccr " + Version.VALUE);
          return 0;
        case "help":
        case "--help":
        case "-h":
          help(out);
          return 0;
        default:
          err.println("ccr: unknown command \"" + args[0] + "\"");
          help(err);
          return 2;
      }
    } catch (ConfigException e) {
      err.println("ccr: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("ccr: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("ccr: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
  }

  private static List<String> withDaemon(List<String> args) {
    List<String> a = new ArrayList<>(args);
    if (!a.contains("--daemon")) a.add("--daemon");
    return a;
  }

  // ------------------------------------------------------------------ start, stop, status

  private static int start(List<String> args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
    if (args.contains("--daemon")) {
      Optional<Daemon.Running> running = Daemon.running();
      if (running.isPresent()) {
        out.println("ccr is already running (PID " + running.get().pid() + ") at " + running.get().url());
        return 0;
      }
      List<String> child = new ArrayList<>(args);
      child.remove("--daemon");
      Daemon.Running r = Daemon.spawn(child, START_WAIT);
      out.println("ccr is running in the background (PID " + r.pid() + ") at " + r.url());
      return 0;
    }
    boolean register = args.contains("--register");
    List<String> options = new ArrayList<>(args);
    options.remove("--register");
    CcrServer server = startServer(options, out, err);
    if (server == null) return 1;
    if (register) Daemon.register(server.url());
    // The server's dispatcher thread keeps the JVM alive; Ctrl-C or SIGTERM stops it gracefully.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(Duration.ofSeconds(10)), "ccr-shutdown"));
    return -1;
  }

  /** Parses {@code start}'s options and starts serving; null (having said why) when it cannot. */
  static CcrServer startServer(List<String> args, PrintStream out, PrintStream err) {
    String configFile = null;
    String host = null;
    Integer port = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--config":
          configFile = value(args, ++i, a);
          break;
        case "--host":
          host = value(args, ++i, a);
          break;
        case "--port":
          try {
            port = Integer.parseInt(value(args, ++i, a));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port needs a number");
          }
          break;
        default:
          throw new IllegalArgumentException("unknown option " + a + " for start");
      }
    }
    CcrConfig config = loadConfig(configFile, err);
    config.warnings().forEach(w -> err.println("ccr: warning: " + w));
    try {
      Path logs = Logs.configure(config);
      if (logs != null) out.println("ccr: logging to " + logs);
    } catch (IOException e) {
      err.println("ccr: cannot write log files: " + e.getMessage());
    }
    String h = host != null ? host : config.host();
    int p = port != null ? port : config.port();
    ClaudeCodeRouter router = ClaudeCodeRouter.builder().config(config).build();
    CcrServer server;
    try {
      server = CcrServer.start(router, h, p);
    } catch (IOException e) {
      router.close();
      err.println("ccr: cannot listen on " + h + ":" + p + ": " + e.getMessage());
      return null;
    } catch (ConfigException e) {
      router.close();
      throw e;
    }
    out.println("ccr " + Version.VALUE + " listening on " + server.url());
    Path watched = configFile != null ? Path.of(configFile) : CcrConfig.defaultPath();
    if (Files.exists(watched)) {
      server.watch(watched, Duration.ofSeconds(1), f -> ClaudeCodeRouter.builder().config(CcrConfig.load(f)).build());
    }
    return server;
  }

  private static int stop(PrintStream out) throws InterruptedException {
    if (Daemon.stop(STOP_GRACE)) {
      out.println("ccr stopped");
    } else {
      out.println("ccr is not running");
    }
    return 0;
  }

  private static int status(PrintStream out) {
    Optional<Daemon.Running> r = Daemon.running();
    if (r.isEmpty()) {
      out.println("ccr is not running");
      return 3;
    }
    boolean healthy = Daemon.healthy(r.get().url());
    out.println("ccr is running (PID " + r.get().pid() + ") at " + r.get().url() + (healthy ? "" : " but does not answer"));
    return healthy ? 0 : 1;
  }

  // ------------------------------------------------------------------ Claude Code

  /** The environment that points Claude Code at this proxy. */
  static Map<String, String> claudeEnvironment(CcrConfig config, String url) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ANTHROPIC_BASE_URL", url);
    env.put("ANTHROPIC_AUTH_TOKEN", config.apiKey() != null ? config.apiKey() : "ccr");
    env.put("API_TIMEOUT_MS", Long.toString(config.apiTimeoutMs()));
    env.put("DISABLE_TELEMETRY", "true");
    env.put("DISABLE_COST_WARNINGS", "true");
    env.put("NO_PROXY", "127.0.0.1");
    return env;
  }

  static String clientUrl(CcrConfig config) {
    String host = config.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) host = "127.0.0.1";
    return "http://" + host + ":" + config.port();
  }

  private static int activate(List<String> args, PrintStream out, PrintStream err) {
    CcrConfig config = loadConfig(configOption(args), err);
    String url = Daemon.running().map(Daemon.Running::url).orElse(clientUrl(config));
    claudeEnvironment(config, url).forEach((k, v) -> out.println("export " + k + "=" + shellQuote(v)));
    return 0;
  }

  private static String shellQuote(String v) {
    return "'" + v.replace("'", "'\"'\"'") + "'";
  }

  /**
   * Runs {@code claude} against the proxy, starting it in the background first when it is not
   * running. Every argument goes to claude as given. A server this command started is stopped
   * when the last {@code ccr code} using it ends; one it did not start is never stopped.
   */
  private static int code(List<String> claudeArgs, PrintStream out, PrintStream err) throws IOException, InterruptedException {
    CcrConfig config = loadConfig(null, err);
    Optional<Daemon.Running> running = Daemon.running();
    boolean startedHere = running.isEmpty();
    Daemon.Running server = startedHere ? Daemon.spawn(List.of(), START_WAIT) : running.get();
    if (startedHere) err.println("ccr: started the server in the background (PID " + server.pid() + ") at " + server.url());
    Path sessions = CcrConfig.home().resolve(".code-sessions");
    Files.createDirectories(sessions);
    Path mine = sessions.resolve(Long.toString(ProcessHandle.current().pid()));
    Files.writeString(mine, Long.toString(server.pid()));
    try {
      String claude = System.getenv().getOrDefault("CLAUDE_PATH", "claude");
      List<String> command = new ArrayList<>();
      command.add(claude);
      command.addAll(claudeArgs);
      ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
      pb.environment().putAll(claudeEnvironment(config, server.url()));
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        err.println("ccr: cannot run " + claude + " (" + e.getMessage() + "); install Claude Code or set CLAUDE_PATH");
        return 127;
      }
      return p.waitFor();
    } finally {
      Files.deleteIfExists(mine);
      if (startedHere && !otherSessionsAlive(sessions)) Daemon.stop(STOP_GRACE);
    }
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

  // ------------------------------------------------------------------ config

  /** The given file, else ~/.claude-code-router/config.json, else the sample shipped with ccr. */
  static CcrConfig loadConfig(String file, PrintStream err) {
    if (file != null) return CcrConfig.load(Path.of(file));
    Path home = CcrConfig.defaultPath();
    if (Files.exists(home)) return CcrConfig.load(home);
    err.println("ccr: no " + home + "; using the sample configuration shipped with ccr");
    return CcrConfig.parse(sampleConfig());
  }

  private static String configOption(List<String> args) {
    int i = args.indexOf("--config");
    return i >= 0 ? value(args, i + 1, "--config") : null;
  }

  static String sampleConfig() {
    try (InputStream in = Main.class.getResourceAsStream("sample-config.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("cannot read the sample configuration: " + e.getMessage());
    }
  }

  /** {@code ccr model} prints the Router table; {@code ccr model set SCENARIO provider,model} changes it. */
  private static int model(List<String> args, PrintStream out, PrintStream err) throws IOException {
    Path file = CcrConfig.defaultPath();
    List<String> a = new ArrayList<>(args);
    int c = a.indexOf("--config");
    if (c >= 0) {
      file = Path.of(value(a, c + 1, "--config"));
      a.remove(c + 1);
      a.remove(c);
    }
    CcrConfig config = CcrConfig.load(file);
    if (a.isEmpty()) {
      out.println("Router (" + file + "):");
      for (String scenario : List.of("default", "background", "think", "longContext", "webSearch", "image")) {
        RouteTarget t = config.router().target(scenario);
        out.printf("  %-12s %s%n", scenario, t == null ? "-" : t);
      }
      out.println("  longContextThreshold " + config.router().longContextThreshold());
      return 0;
    }
    if (a.size() != 3 || !a.get(0).equals("set")) {
      throw new IllegalArgumentException("usage: ccr model [set SCENARIO provider,model] [--config FILE]");
    }
    CcrConfig changed = config.withRoute(a.get(1), a.get(2), System::getenv);
    List<String> problems = new ArrayList<>(changed.checkTransformerNames(PluginRegistry.discover(Main.class.getClassLoader()).useNames()));
    if (!problems.isEmpty()) throw new ConfigException(problems);
    // Written whole and then moved into place, so a crash never leaves half a config.
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, changed.toJson());
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    out.println("Router." + a.get(1) + " = " + a.get(2) + " (written to " + file + "; comments in it are not kept)");
    return 0;
  }

  private static int validate(List<String> args, PrintStream out, PrintStream err) {
    Path file = args.isEmpty() ? CcrConfig.defaultPath() : Path.of(args.get(0));
    CcrConfig config;
    try {
      config = CcrConfig.load(file);
    } catch (ConfigException e) {
      err.println(file + ": " + e.problems().size() + " problem(s)");
      e.problems().forEach(p -> err.println("  " + p));
      return 1;
    }
    PluginRegistry plugins = PluginRegistry.discover(Main.class.getClassLoader());
    List<String> problems = new ArrayList<>(config.checkTransformerNames(plugins.useNames()));
    problems.addAll(config.checkProviders(plugins));
    config.warnings().forEach(w -> out.println("  warning: " + w));
    if (!problems.isEmpty()) {
      err.println(file + ": " + problems.size() + " problem(s)");
      problems.forEach(p -> err.println("  " + p));
      return 1;
    }
    out.println(file + ": ok (" + config.providers().size() + " providers)");
    return 0;
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) throw new IllegalArgumentException(option + " needs a value");
    return args.get(i);
  }

  private static void help(PrintStream out) {
    out.println("ccr " + Version.VALUE + " - Claude Code Router for the JVM");
    out.println();
    out.println("Usage: ccr <command> [options]");
    out.println("  start [--config FILE] [--host H] [--port N] [--daemon]   run the proxy (in the background with --daemon)");
    out.println("  stop                                    stop the background proxy");
    out.println("  restart                                 stop, then start in the background");
    out.println("  status                                  is it running, its PID and URL");
    out.println("  code [claude args...]                   run Claude Code through the proxy (starting it if needed)");
    out.println("  activate                                print the export lines that point Claude Code at the proxy");
    out.println("  model [set SCENARIO provider,model]     show or change the Router table in config.json");
    out.println("  validate [FILE]                         check a config and print every problem");
    out.println("  --version                               print the version");
    out.println("  help                                    show this help");
    out.println();
    out.println("Config: ~/.claude-code-router/config.json (Claude Code Router's format).");
  }
}
