package dev.ccr.server.cli;

import dev.ccr.json.Json5;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --settings} that {@code ccr code} gives claude so that Claude Code's status line runs
 * {@code ccr statusline} (the original's v1.0.73 forgot to pass it). Settings the user passes, as a
 * file or as JSON, are kept and the status line added to them; a status line of their own wins.
 */
final class ClaudeSettings {
  private ClaudeSettings() {}

  /** {@code claudeArgs} with one {@code --settings} that carries the status line {@code command}. */
  static List<String> withStatusLine(List<String> claudeArgs, String command, PrintWriter err) {
    List<String> out = new ArrayList<>();
    String given = null;
    for (int i = 0; i < claudeArgs.size(); i++) {
      String a = claudeArgs.get(i);
      if (a.equals("--settings") && i + 1 < claudeArgs.size()) {
        given = claudeArgs.get(++i);
      } else if (a.startsWith("--settings=")) {
        given = a.substring("--settings=".length());
      } else {
        out.add(a);
      }
    }
    JsonObject settings = JsonObject.of();
    if (given != null) {
      try {
        JsonValue v = Json5.parse(given.trim().startsWith("{") ? given
            : Files.readString(Path.of(given), StandardCharsets.UTF_8), "--settings");
        if (v.asObject() == null) throw new IllegalArgumentException("not a JSON object");
        settings = v.asObject();
      } catch (IOException | RuntimeException e) {
        // claude says what is wrong with its own option; ccr adds nothing to settings it cannot read
        err.println("ccr: cannot read --settings " + given + " (" + e.getMessage() + "); the status line is not set");
        return claudeArgs;
      }
    }
    if (!settings.has("statusLine")) {
      settings = settings.with("statusLine", JsonObject.builder().put("type", "command").put("command", command).build());
    }
    out.add(0, "--settings");
    out.add(1, settings.toJson());
    return out;
  }

  /**
   * The shell command that runs {@code ccr statusline} as this ccr was run: the launcher script when
   * the launcher said where it is, else this JVM with its class path.
   */
  static String statusLineCommand(Path config) {
    return statusLineCommand(config, null);
  }

  /** As {@link #statusLineCommand(Path)}, drawing the line as the installed {@code preset} says when not null. */
  static String statusLineCommand(Path config, String preset) {
    List<String> argv = new ArrayList<>();
    String launcher = System.getProperty("ccr.launcher"); // set by the ccr script
    if (launcher != null && !launcher.isBlank()) {
      argv.add(launcher);
    } else {
      argv.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
      String home = System.getProperty("ccr.home");
      if (home != null) argv.add("-Dccr.home=" + home);
      String cp = System.getProperty("java.class.path");
      if (cp.endsWith(".jar") && !cp.contains(java.io.File.pathSeparator)) {
        argv.addAll(List.of("-jar", cp));
      } else {
        argv.addAll(List.of("-cp", cp, Main.class.getName()));
      }
    }
    argv.add("statusline");
    if (config != null) argv.addAll(List.of("--config", config.toAbsolutePath().toString()));
    if (preset != null) argv.add(preset);
    StringBuilder sb = new StringBuilder();
    for (String a : argv) sb.append(sb.length() == 0 ? "" : " ").append(shellQuoted(a));
    return sb.toString();
  }

  /** {@code s} as one word for a POSIX shell: bare when safe, else in single quotes. */
  static String shellQuoted(String s) {
    if (!s.isEmpty() && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-+=:,@%".indexOf(c) >= 0)) return s;
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
