package dev.ccr.server.cli;

import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.internal.VarReferences;
import dev.ccr.server.ConfigProblems;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finding, reading and checking the config a command uses. */
final class ConfigFiles {
  private ConfigFiles() {}

  /** A config and the file it came from; {@code file} is null for the sample shipped with ccr. */
  record Loaded(CcrConfig config, Path file) {}

  /** The given file, else ~/.claude-code-router/config.json, else the sample shipped with ccr (saying so). */
  static Loaded load(Path file, PrintWriter err) {
    return load(file, err, System::getenv);
  }

  /**
   * As {@link #load(Path, PrintWriter)}, for commands that never serve ({@code model}, {@code route},
   * {@code benchmark}): the proxy's own {@code APIKEY} is not theirs to check, so a variable it names
   * that is unset here is no reason to refuse them. The file's reference is kept as written.
   */
  static Loaded loadToRead(Path file, PrintWriter err) {
    return load(file, err, envToRead(file != null ? file : CcrConfig.defaultPath()));
  }

  /** The environment as {@link #loadToRead} sees it: {@code APIKEY}'s unset variables read as set. */
  static java.util.function.Function<String, String> envToRead(Path path) {
    java.util.Set<String> apiKeyVars = new java.util.HashSet<>();
    try {
      var raw = dev.ccr.json.Json5.parse(Files.readString(path, StandardCharsets.UTF_8), path.toString()).asObject();
      if (raw != null && raw.getString("APIKEY") != null) apiKeyVars.addAll(VarReferences.names(raw.getString("APIKEY")));
    } catch (IOException | RuntimeException e) {
      // no file or no JSON: loading it says what is wrong
    }
    return name -> {
      String v = System.getenv(name);
      return v == null && apiKeyVars.contains(name) ? "(unset: " + name + ")" : v;
    };
  }

  private static Loaded load(Path file, PrintWriter err, java.util.function.Function<String, String> env) {
    if (file != null) return new Loaded(CcrConfig.load(file, env), file);
    Path home = CcrConfig.defaultPath();
    if (Files.exists(home)) return new Loaded(CcrConfig.load(home, env), home);
    err.println("ccr: no " + home + "; using the sample configuration shipped with ccr (`ccr init` writes a starter there)");
    return new Loaded(CcrConfig.parse(resource("sample-config.json")), null);
  }

  /** See {@link ConfigProblems#of(CcrConfig)}. */
  static List<String> problems(CcrConfig config) {
    return ConfigProblems.of(config);
  }

  /** Every problem in {@code file} at once, for {@code ccr validate}; see {@link ConfigProblems#of(CcrConfig.Checked, java.util.function.Consumer)}. */
  static List<String> problems(Path file, PrintWriter out) {
    return ConfigProblems.of(CcrConfig.check(file, System::getenv), w -> out.println("  warning: " + w));
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
