package dev.ccr.server;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The {@code ccr} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code >= 0) System.exit(code);
  }

  /** Runs a command; returns the exit code, or -1 when a server keeps running. */
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
    }
  }

  private static int start(List<String> args, PrintStream out, PrintStream err) {
    CcrServer server = startServer(args, out, err);
    if (server == null) return 1;
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
      java.nio.file.Path logs = Logs.configure(config);
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
    out.println("ccr " + Version.VALUE + " listening on http://" + h + ":" + server.port());
    Path watched = configFile != null ? Path.of(configFile) : CcrConfig.defaultPath();
    if (Files.exists(watched)) {
      server.watch(watched, Duration.ofSeconds(1), f -> ClaudeCodeRouter.builder().config(CcrConfig.load(f)).build());
    }
    return server;
  }

  /** The given file, else ~/.claude-code-router/config.json, else the sample shipped with ccr. */
  static CcrConfig loadConfig(String file, PrintStream err) {
    if (file != null) return CcrConfig.load(Path.of(file));
    Path home = CcrConfig.defaultPath();
    if (Files.exists(home)) return CcrConfig.load(home);
    err.println("ccr: no " + home + "; using the sample configuration shipped with ccr");
    return CcrConfig.parse(sampleConfig());
  }

  static String sampleConfig() {
    try (InputStream in = Main.class.getResourceAsStream("sample-config.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("cannot read the sample configuration: " + e.getMessage());
    }
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
    dev.ccr.spi.PluginRegistry plugins = dev.ccr.spi.PluginRegistry.discover(Main.class.getClassLoader());
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
    out.println("  start [--config FILE] [--host H] [--port N]   run the proxy in the foreground");
    out.println("  validate [FILE]                               check a config and print every problem");
    out.println("  --version                                     print the version");
    out.println("  help                                          show this help");
    out.println();
    out.println("Config: ~/.claude-code-router/config.json (Claude Code Router's format).");
  }
}
