package dev.ccr.server.cli;

import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.config.RouteTarget;
import dev.ccr.config.RouterConfig;
import dev.ccr.json.Json;
import dev.ccr.json.Json5;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.project.ClaudeTranscripts;
import dev.ccr.project.ProjectTables;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A project's own Router table, {@code DIR/.claude-code-router/config.json}, for {@code ccr model
 * --project DIR}: shown laid over the config's table, and changed one scenario at a time. The file
 * is written from its text as read, so keys ccr does not use stay; a {@code $VAR} in it is a problem,
 * as the server never fills one from its environment for a project's file.
 */
final class ProjectRouterFile {
  private final Path dir;
  private final Path file;

  ProjectRouterFile(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
    this.file = this.dir.resolve(ProjectTables.PROJECT_FILE);
  }

  /** The file's tree, {} when there is none yet. */
  private JsonObject read() throws IOException {
    if (!Files.exists(file)) return JsonObject.of();
    JsonValue v;
    try {
      v = Json5.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    if (!(v instanceof JsonObject o)) throw new ConfigException(file + " must hold a JSON object");
    return o;
  }

  private static JsonObject router(JsonObject tree) {
    JsonObject r = tree.getObject(tree.has("Router") || !tree.has("router") ? "Router" : "router");
    return r == null ? JsonObject.of() : r;
  }

  void show(CcrConfig config, PrintWriter out) throws IOException {
    JsonObject own = router(read());
    List<String> problems = new ArrayList<>();
    RouterConfig table = ProjectTables.laidOver(config, own, problems); // as the server reads it
    out.println("Router for " + dir + " (" + file + " laid over the config's):");
    for (String name : ModelCommand.SCENARIOS) {
      RouteTarget t = table.target(name);
      out.printf("  %-12s %-40s %s%n", name, t == null ? "-" : t, own.has(name) ? "(project)" : "(config)");
    }
    out.println("  longContextThreshold " + table.longContextThreshold());
    problems.forEach(p -> out.println("  problem: " + p));
    Path original = CcrConfig.home().resolve(ClaudeTranscripts.folderName(dir)).resolve("config.json");
    if (Files.isRegularFile(original)) {
      out.println("note: " + original + " (the original's per-project file) replaces this table for the project's"
          + " Claude Code sessions");
    }
  }

  void set(CcrConfig config, String scenario, String target, PrintWriter out) throws IOException {
    if (!ModelCommand.SCENARIOS.contains(scenario)) {
      config.withRoute(scenario, target, System::getenv); // throws the same error, with its suggestion
    }
    List<String> problems = new ArrayList<>();
    // Checked as the server will read it: no $VAR (a project's file never reads ccr's environment), a listed model.
    config.requestRouterTable(JsonObject.of(java.util.Map.of(scenario, JsonString.of(target))), problems);
    if (!problems.isEmpty()) throw new ConfigException(problems);
    JsonObject tree = read();
    String key = tree.has("Router") || !tree.has("router") ? "Router" : "router";
    JsonObject changed = tree.with(key, router(tree).with(scenario, JsonString.of(target)));
    Files.createDirectories(file.getParent());
    if (Files.exists(file)) {
      Files.copy(file, file.resolveSibling(file.getFileName() + ".bak"), StandardCopyOption.REPLACE_EXISTING);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, Json.writePretty(changed) + "\n");
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    out.println("Router." + scenario + " = " + target + " for " + dir + " (written to " + file + ")");
  }
}
