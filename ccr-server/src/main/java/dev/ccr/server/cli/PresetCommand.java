package dev.ccr.server.cli;

import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.JsonObject;
import dev.ccr.server.preset.Preset;
import dev.ccr.server.preset.PresetInput;
import dev.ccr.server.preset.PresetStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ccr preset}: presets in the original's v2 layout, and {@code ccr NAME} to run Claude Code against one. */
@Command(name = "preset", description = {"Share whole setups as presets (the original's v2 format).",
    "Presets live in ~/.claude-code-router/presets/NAME/; a running server answers for each at /preset/NAME/.",
    "ccr NAME [claude args] runs Claude Code against an installed preset."},
    subcommands = {PresetExportCommand.class, PresetInstallCommand.class, PresetCommand.ListCommand.class,
        PresetCommand.InfoCommand.class, PresetCommand.DeleteCommand.class})
final class PresetCommand extends CcrCommand {
  /** Commands of the original that ccr has no class for yet: a preset must not take their names either. */
  private static final Set<String> ORIGINAL_COMMANDS = Set.of("ui", "statusline", "preset", "activate", "env", "install");

  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return 0;
  }

  static PresetStore store() {
    return new PresetStore(CcrConfig.home());
  }

  /** Why {@code name} cannot name a preset here (it would shadow a command, or is no folder name), or null. */
  static String nameProblem(String name, CommandLine root) {
    String problem = PresetStore.nameProblem(name);
    if (problem != null) return problem;
    if (root.getSubcommands().containsKey(name) || ORIGINAL_COMMANDS.contains(name)) {
      return "\"" + name + "\" is a ccr command, so `ccr " + name + "` could not run the preset; choose another name "
          + "(install takes --name NAME)";
    }
    return null;
  }

  /**
   * {@code ccr NAME args}, for an installed preset NAME that is no command, as {@code ccr code --preset NAME args};
   * anything else unchanged.
   */
  static String[] asCode(String[] args, CommandLine root) {
    if (args.length == 0 || args[0].startsWith("-") || root.getSubcommands().containsKey(args[0])) return args;
    if (!store().installed(args[0])) return args;
    String[] out = new String[args.length + 2];
    out[0] = "code";
    out[1] = "--preset";
    System.arraycopy(args, 0, out, 2, args.length);
    return out;
  }

  @Command(name = "list", description = "List the installed presets.")
  static final class ListCommand extends CcrCommand {
    @Override
    public Integer call() {
      PresetStore store = store();
      List<String> names = store.names();
      if (names.isEmpty()) {
        out().println("No presets in " + store.folder() + ". `ccr preset export NAME` makes one from your config;"
            + " `ccr preset install DIR` installs one.");
        return 0;
      }
      for (String name : names) {
        try {
          Preset p = store.find(name).orElseThrow();
          out().println(name + (p.version() != null ? " (v" + p.version() + ")" : "")
              + (p.description() != null && !p.description().isBlank() ? "  " + p.description() : "")
              + (p.author() != null && !p.author().isBlank() ? "  by " + p.author() : ""));
        } catch (ConfigException e) {
          out().println(name + "  (cannot read its manifest: " + String.join("; ", e.problems()) + ")");
        }
      }
      return 0;
    }
  }

  @Command(name = "info", description = "Show an installed preset: what it routes to, and its inputs.")
  static final class InfoCommand extends CcrCommand {
    @Parameters(paramLabel = "NAME") String name;

    @Override
    public Integer call() {
      PresetStore store = store();
      Preset p = store.find(name).orElse(null);
      if (p == null) {
        err().println("ccr: no preset named \"" + name + "\" in " + store.folder() + " (ccr preset list)");
        return 1;
      }
      out().println("Preset " + name + (p.version() != null ? " v" + p.version() : ""));
      if (p.description() != null) out().println("  description: " + p.description());
      if (p.author() != null) out().println("  author:      " + p.author());
      if (!p.keywords().isEmpty()) out().println("  keywords:    " + String.join(", ", p.keywords()));
      out().println("  folder:      " + store.folder(name));
      JsonObject config = p.configKeys();
      List<String> providers = new ArrayList<>();
      if (config.get("Providers") instanceof dev.ccr.json.JsonArray a) {
        for (var v : a.elements()) if (v instanceof JsonObject o && o.getString("name") != null) providers.add(o.getString("name"));
      }
      out().println("  providers:   " + (providers.isEmpty() ? "-" : String.join(", ", providers)));
      if (config.getObject("Router") != null) {
        config.getObject("Router").members().forEach((k, v) -> out().printf("  Router.%-12s %s%n", k,
            PresetInput.scalar(v)));
      }
      Map<String, String> given = new java.util.HashMap<>(p.userValues());
      given.putAll(store.inputs(name));
      List<PresetInput> inputs = p.inputs();
      if (!inputs.isEmpty()) out().println("  inputs (values kept in " + store.inputsFile(name) + ", never shown):");
      for (PresetInput in : inputs) {
        String state = given.containsKey(in.id()) ? "given"
            : System.getenv(in.id()) != null ? "from the environment ($" + in.id() + ")"
            : in.defaultValue() != null ? "default" : in.required() ? "MISSING: ccr preset install " + name : "not given";
        out().printf("    %-24s %s%n", in.id(), state);
      }
      out().println("  served at:   /preset/" + name + "/v1/messages (run it: ccr " + name + ")");
      return 0;
    }
  }

  @Command(name = "delete", aliases = {"rm", "remove"}, description = "Delete an installed preset and its inputs.")
  static final class DeleteCommand extends CcrCommand {
    @Parameters(paramLabel = "NAME") String name;

    @Override
    public Integer call() throws IOException {
      PresetStore store = store();
      if (PresetStore.nameProblem(name) != null || !store.delete(name)) {
        err().println("ccr: no preset named \"" + name + "\" in " + store.folder() + " (ccr preset list)");
        return 1;
      }
      out().println("Deleted preset " + name + "; a running server stops answering for it within a second.");
      return 0;
    }
  }
}
