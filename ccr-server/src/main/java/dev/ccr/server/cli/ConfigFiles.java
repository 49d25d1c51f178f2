package dev.ccr.server.cli;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.server.CcrServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finding, reading and checking the config a command uses. */
final class ConfigFiles {
  private ConfigFiles() {}

  /** A config and the file it came from; {@code file} is null for the sample shipped with ccr. */
  record Loaded(CcrConfig config, Path file) {}

  /** The given file, else ~/.claude-code-router/config.json, else the sample shipped with ccr (saying so). */
  static Loaded load(Path file, PrintWriter err) {
    if (file != null) return new Loaded(CcrConfig.load(file), file);
    Path home = CcrConfig.defaultPath();
    if (Files.exists(home)) return new Loaded(CcrConfig.load(home), home);
    err.println("ccr: no " + home + "; using the sample configuration shipped with ccr (`ccr init` writes a starter there)");
    return new Loaded(CcrConfig.parse(resource("sample-config.json")), null);
  }

  /**
   * Every problem that keeps {@code config} from serving: the router's own start-up checks, and an
   * empty provider list, which parses but cannot route a single request. {@code ccr start} refuses
   * these; {@code ccr validate} reports them with the parse problems (see {@link #problems(Path)}).
   */
  static List<String> problems(CcrConfig config) {
    List<String> problems = new ArrayList<>();
    if (config.providers().isEmpty()) problems.add("Providers is empty: there is nothing to route requests to");
    problems.addAll(ClaudeCodeRouter.check(config));
    problems.addAll(dev.ccr.server.state.StateStores.check(config));
    problems.addAll(dev.ccr.server.Admission.check(config));
    return problems;
  }

  /**
   * Every problem in {@code file} at once, for {@code ccr validate}: parse problems, then what
   * {@link #problems(CcrConfig)} finds in as much of the config as could be read (a broken entry does
   * not hide the others), then whether its {@code HOST} may serve without {@code APIKEY}.
   */
  static List<String> problems(Path file, PrintWriter out) {
    CcrConfig.Checked read = CcrConfig.check(file, System::getenv);
    List<String> problems = new ArrayList<>(read.problems());
    if (read.config() == null) return problems;
    read.config().warnings().forEach(w -> out.println("  warning: " + w));
    for (String p : problems(read.config())) {
      if (!problems.contains(p)) problems.add(p);
    }
    String exposed = CcrServer.exposure(read.config(), read.config().host());
    if (exposed != null) problems.add(exposed);
    return problems;
  }

  /** Throws the {@link #problems} of {@code config}, if any. */
  static void check(CcrConfig config) {
    List<String> problems = problems(config);
    if (!problems.isEmpty()) throw new ConfigException(problems);
  }

  /** "1 problem", "2 problems". */
  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String resource(String name) {
    try (InputStream in = ConfigFiles.class.getResourceAsStream(name)) {
      if (in == null) throw new IOException("not in the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + name + " shipped with ccr: " + e.getMessage());
    }
  }
}
