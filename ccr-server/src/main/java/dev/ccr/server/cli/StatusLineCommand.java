package dev.ccr.server.cli;

import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json5;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.server.preset.PresetStore;
import dev.ccr.server.statusline.StatusLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ccr statusline}: Claude Code's {@code statusLine} command. Reads its status JSON on stdin and
 * prints one line; always exits 0, whatever it reads. {@link Main} runs it without picocli when it
 * has no options but {@code --config}: it runs on every turn, and every class loaded costs start-up.
 */
@Command(name = "statusline", description = {"Print Claude Code's status line for the status JSON on stdin.",
    "`ccr code` sets it up when the config has \"StatusLine\": {\"enabled\": true}."})
final class StatusLineCommand extends CcrCommand {
  /** Claude Code's status JSON is a few kilobytes; more is not a status. */
  private static final int MAX_INPUT = 1024 * 1024;

  @Mixin ConfigOption config = new ConfigOption();

  @Parameters(arity = "0..1", paramLabel = "PRESET", description = "Draw the line as the installed preset PRESET says (ccr PRESET sets this up).")
  String preset;

  @Override
  public Integer call() {
    out().println(line(config.path(), preset, System.in, System::getenv));
    return 0;
  }

  /**
   * Runs {@code ccr statusline [--config FILE]} directly, for {@link Main}; null when {@code args}
   * ask for anything else (help, say), which picocli then handles.
   */
  static Integer direct(String[] args, InputStream in, PrintStream out) {
    return direct(args, in, out, System::getenv);
  }

  /** As {@link #direct(String[], InputStream, PrintStream)}, reading {@code TERM}, {@code NO_COLOR} and the like from {@code env}. */
  static Integer direct(String[] args, InputStream in, PrintStream out, java.util.function.Function<String, String> env) {
    if (args.length == 0 || !args[0].equals("statusline")) return null;
    Path file = CcrConfig.defaultPath();
    String preset = null;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = Path.of(args[++i]);
      } else if (args[i].startsWith("--config=")) {
        file = Path.of(args[i].substring("--config=".length()));
      } else if (!args[i].startsWith("-") && preset == null) {
        preset = args[i];
      } else {
        return null;
      }
    }
    // Bytes, not print(String): under LANG=C the JVM's stdout encoding would turn every icon into "?".
    out.writeBytes((line(file, preset, in, env) + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return 0;
  }

  /**
   * The line for the status JSON on {@code in}, drawn as the config at {@code file} says, or as the
   * installed {@code preset} says (its {@code StatusLine} and {@code Router}) when one is named.
   */
  static String line(Path file, String preset, InputStream in, java.util.function.Function<String, String> env) {
    String stdin;
    try {
      stdin = new String(in.readNBytes(MAX_INPUT), StandardCharsets.UTF_8);
    } catch (IOException e) {
      stdin = "";
    }
    JsonObject raw = read(file);
    String apiKey = null;
    String url = null;
    try {
      // Only what reaching the server takes: a route to a provider that is gone must not hide the server.
      JsonObject.Builder server = JsonObject.builder();
      for (String key : new String[] {"HOST", "PORT", "APIKEY"}) {
        if (raw.has(key)) server.put(key, raw.get(key));
      }
      CcrConfig config = CcrConfig.fromTree(server.build(), System::getenv);
      apiKey = config.apiKey();
      String host = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
      url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + config.port();
    } catch (RuntimeException e) {
      // a config ccr cannot serve: still a line, from the transcript
    }
    Optional<Daemon.Running> running = Daemon.running();
    if (running.isPresent() && !running.get().url().isEmpty()) url = running.get().url();
    JsonObject drawn = preset == null ? raw : withPreset(raw, preset);
    return StatusLine.builder().config(drawn).server(url, apiKey).env(env).build().render(stdin);
  }

  /**
   * {@code config} with the installed preset's {@code StatusLine} and {@code Router} in place of its
   * own: the server (host, port, key) stays the main config's, which serves the preset.
   */
  static JsonObject withPreset(JsonObject config, String preset) {
    if (PresetStore.nameProblem(preset) != null) return config;
    JsonObject manifest = read(new PresetStore(CcrConfig.home()).manifest(preset));
    JsonObject out = config;
    for (String key : new String[] {"StatusLine", "Router"}) {
      if (manifest.has(key)) out = out.with(key, manifest.get(key));
    }
    return out;
  }

  /** config.json's tree, or {} when it is missing or not JSON5. */
  private static JsonObject read(Path file) {
    try {
      JsonValue v = Json5.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
      return v.asObject() != null ? v.asObject() : JsonObject.of();
    } catch (IOException | RuntimeException e) {
      return JsonObject.of();
    }
  }
}
