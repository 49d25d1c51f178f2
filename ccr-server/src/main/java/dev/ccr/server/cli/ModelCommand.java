package dev.ccr.server.cli;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.config.RouteTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code ccr model} prints the Router table; {@code ccr model set SCENARIO provider,model} changes it.
 * With {@code --project DIR}, the project's own table ({@code DIR/.claude-code-router/config.json}).
 */
@Command(name = "model", description = {"Show the Router table, or change one scenario in it.",
    "Example: ccr model set think deepseek,deepseek-reasoner",
    "         ccr model --project . set default openrouter,anthropic/claude-sonnet-4.5"})
final class ModelCommand extends CcrCommand {
  @Mixin ConfigOption config = new ConfigOption();

  @Option(names = "--project", paramLabel = "DIR",
      description = "Show or change the project's own table, DIR/.claude-code-router/config.json, laid over the config's.")
  Path project;

  @Parameters(paramLabel = "set SCENARIO PROVIDER,MODEL", arity = "0..3", description = "The change to make.")
  List<String> change = new ArrayList<>();

  /** The Router table's scenarios, as the original names them. */
  static final List<String> SCENARIOS = List.of("default", "background", "think", "longContext", "webSearch", "image");

  @Override
  public Integer call() throws IOException {
    Path file = config.path();
    java.util.function.Function<String, String> env = ConfigFiles.envToRead(file); // APIKEY is start's to check
    CcrConfig cfg = CcrConfig.load(file, env);
    if (project != null) return project(cfg);
    if (change.isEmpty()) {
      out().println("Router (" + file + "):");
      for (String name : SCENARIOS) {
        RouteTarget t = cfg.router().target(name);
        out().printf("  %-12s %s%n", name, t == null ? "-" : t);
      }
      out().println("  longContextThreshold " + cfg.router().longContextThreshold());
      return 0;
    }
    checkChange();
    String scenario = change.get(1);
    CcrConfig changed = cfg.withRoute(scenario, change.get(2), env);
    List<String> problems = ClaudeCodeRouter.check(changed); // the same checks as start-up, plug-in jars included
    if (!problems.isEmpty()) throw new ConfigException(problems);
    // The old file stays beside it as .bak (comments are not kept); the new one is written whole and
    // moved into place, so a crash never leaves half a config.
    Files.copy(file, file.resolveSibling(file.getFileName() + ".bak"), StandardCopyOption.REPLACE_EXISTING);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, changed.toJson());
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    out().println("Router." + change.get(1) + " = " + change.get(2) + " (written to " + file + "; comments are not kept: the old file is " + file.getFileName() + ".bak)");
    return 0;
  }

  private int project(CcrConfig cfg) throws IOException {
    // A typo must not create a stray folder tree, nor show a table for a project that is not there.
    if (!java.nio.file.Files.isDirectory(project)) {
      throw new ParameterException(spec.commandLine(), "--project " + project + ": no such folder");
    }
    ProjectRouterFile own = new ProjectRouterFile(project);
    if (change.isEmpty()) {
      own.show(cfg, out());
    } else {
      checkChange();
      own.set(cfg, change.get(1), change.get(2), out());
    }
    return 0;
  }

  private void checkChange() {
    if (change.size() != 3 || !change.get(0).equals("set")) {
      throw new ParameterException(spec.commandLine(), "expected: ccr model " + (project != null ? "--project DIR " : "")
          + "set SCENARIO provider,model");
    }
  }
}
