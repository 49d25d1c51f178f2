package dev.ccr.server.cli;

import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json5;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
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

  @Override
  public Integer call() {
    out().println(line(config.path(), System.in));
    return 0;
  }

  /**
   * Runs {@code ccr statusline [--config FILE]} directly, for {@link Main}; null when {@code args}
   * ask for anything else (help, say), which picocli then handles.
   */
  static Integer direct(String[] args, InputStream in, PrintStream out) {
    if (args.length == 0 || !args[0].equals("statusline")) return null;
    Path file;
    if (args.length == 1) {
      file = CcrConfig.defaultPath();
    } else if (args.length == 3 && args[1].equals("--config")) {
      file = Path.of(args[2]);
    } else if (args.length == 2 && args[1].startsWith("--config=")) {
      file = Path.of(args[1].substring("--config=".length()));
    } else {
      return null;
    }
    // Bytes, not print(String): under LANG=C the JVM's stdout encoding would turn every icon into "?".
    out.writeBytes((line(file, in) + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return 0;
  }

  /** The line for the status JSON on {@code in}, drawn as the config at {@code file} says. */
  static String line(Path file, InputStream in) {
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
    return StatusLine.builder().config(raw).server(url, apiKey).build().render(stdin);
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
