package dev.ccr.server.cli;

import dev.ccr.config.CcrConfig;
import dev.ccr.internal.VarReferences;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.server.preset.Preset;
import dev.ccr.server.preset.PresetConfigs;
import dev.ccr.server.preset.PresetInput;
import dev.ccr.server.preset.PresetStore;
import dev.ccr.server.preset.SecretFields;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ccr preset install SOURCE}: checks a preset as {@code ccr validate} checks a config, gets its
 * inputs (asked on a terminal; else from {@code --set} or the environment), and installs it. The
 * preset's folder never receives a secret: values given at install go to a file only the user can read,
 * outside it, and a secret written into the incoming manifest is moved there too.
 */
@Command(name = "install", description = {"Install a preset from a folder or a .json file, or give its inputs again.",
    "It reads only the environment variables its schema declares, and those --allow-env names.",
    "SOURCE: a folder holding manifest.json, a manifest .json file, or an installed preset's name. No network install.",
    "Inputs: asked on a terminal; else --set KEY=VALUE, else the environment variable KEY."})
final class PresetInstallCommand extends CcrCommand {
  @Parameters(paramLabel = "SOURCE", description = "A folder with manifest.json, a manifest .json file, or an installed preset's name.")
  String source;

  @Option(names = "--name", paramLabel = "NAME", description = "Install under this name (default: the manifest's name).")
  String name;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "An input's value (repeatable); $VAR keeps a reference.")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(names = "--allow-env", paramLabel = "VAR", split = ",", description = {"Let the preset read the environment"
      + " variable VAR, which its manifest names but its schema does not declare (repeatable).",
      "Kept in the inputs file as a reference; without it such a preset is refused."})
  List<String> allowEnv = new ArrayList<>();

  /** Asks the user for an input; null when there is no terminal to ask on. */
  interface Asker {
    String ask(PresetInput input);
  }

  /** The inputs kept for the preset, and those nobody gave. */
  record Gathered(Map<String, String> kept, List<PresetInput> missing) {}

  @Override
  public Integer call() throws IOException {
    if (source.startsWith("http://") || source.startsWith("https://")) {
      throw new IllegalArgumentException("ccr installs presets from a folder or a file only; download " + source + " first");
    }
    PresetStore store = PresetCommand.store();
    Path path = Path.of(source);
    boolean reconfigure = !Files.exists(path) && PresetStore.nameProblem(source) == null && store.installed(source);
    if (!reconfigure && !Files.exists(path)) {
      err().println("ccr: " + source + " is neither a folder, a .json file nor an installed preset (ccr preset list)");
      return 1;
    }
    Path manifestFile = reconfigure ? store.manifest(source) : Files.isDirectory(path) ? path.resolve("manifest.json") : path;
    JsonObject manifest = PresetStore.readObject(manifestFile);
    String target = reconfigure ? source : name != null ? name : manifest.getString("name") != null
        ? manifest.getString("name") : Files.isDirectory(path) ? path.toAbsolutePath().normalize().getFileName().toString()
        : path.getFileName().toString().replaceFirst("\\.json$", "");
    String problem = PresetCommand.nameProblem(target, spec.root().commandLine());
    if (problem != null) throw new IllegalArgumentException(problem);
    if (!reconfigure && store.installed(target)) {
      err().println("ccr: preset " + target + " is already installed; `ccr preset install " + target
          + "` gives its inputs again, `ccr preset delete " + target + "` removes it");
      return 1;
    }
    List<String> problems = new ArrayList<>();
    Map<String, String> carried = new LinkedHashMap<>();
    Preset preset = withoutSecrets(new Preset(target, manifest.with("name", JsonString.of(target))), carried);
    List<PresetInput> inputs = preset.inputs(problems);
    for (String key : set.keySet()) {
      if (inputs.stream().noneMatch(in -> in.id().equals(key))) {
        problems.add("--set " + key + ": the preset has no input " + key + " (its inputs: "
            + String.join(", ", inputs.stream().map(PresetInput::id).toList()) + ")");
      }
    }
    for (String variable : allowEnv) {
      if (!variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        problems.add("--allow-env " + variable + ": not a variable name");
      }
    }
    // a value the manifest carried is the sharer's, not the user's: it reads only what the user allowed
    for (Map.Entry<String, String> e : carried.entrySet()) {
      for (String variable : VarReferences.names(e.getValue())) {
        if (!allowEnv.contains(variable) && inputs.stream().noneMatch(in -> in.id().equals(variable))) {
          problems.add(PresetConfigs.notDeclared("userValues." + e.getKey(), variable));
        }
      }
    }
    if (!problems.isEmpty()) return report(manifestFile, problems);
    Map<String, String> previous = reconfigure ? store.inputs(target) : Map.of();
    Gathered gathered = gather(inputs, set, carried, previous, System::getenv, asker());
    for (String variable : allowEnv) gathered.kept().putIfAbsent(variable, "$" + variable);
    previous.forEach((k, v) -> { // what an earlier install allowed stays allowed
      if (inputs.stream().noneMatch(in -> in.id().equals(k)) && v.equals("$" + k)) gathered.kept().putIfAbsent(k, v);
    });
    if (!gathered.missing().isEmpty()) {
      err().println("ccr: preset " + target + " needs " + ConfigFiles.count(gathered.missing().size(), "input")
          + " that nobody gave" + (System.console() == null ? " (no terminal to ask on)" : "") + ":");
      for (PresetInput in : gathered.missing()) {
        err().println("  " + in.id() + ": " + in.question() + "  -> --set " + in.id() + "=VALUE, or set the environment variable "
            + in.id());
      }
      return 1;
    }
    CcrConfig.Checked read = PresetConfigs.check(preset, gathered.kept(), System::getenv, null);
    problems.addAll(read.problems());
    if (read.config() != null) {
      for (String p : ConfigFiles.problems(read.config())) if (!problems.contains(p)) problems.add(p);
    }
    if (!problems.isEmpty()) return report(manifestFile, problems);
    store.write(preset);
    store.writeInputs(target, gathered.kept());
    out().println((reconfigure ? "Updated" : "Installed") + " preset " + target + " in " + store.folder(target));
    if (!gathered.kept().isEmpty()) {
      out().println("  its inputs (" + String.join(", ", gathered.kept().keySet()) + ") are kept in "
          + store.inputsFile(target) + ", readable by you only; the preset folder holds no secret");
    }
    out().println("  run Claude Code with it: ccr " + target + "   (a running server answers at /preset/" + target
        + "/v1/messages)");
    return 0;
  }

  private int report(Path file, List<String> problems) {
    err().println(file + ": " + ConfigFiles.count(problems.size(), "problem"));
    problems.forEach(p -> err().println("  " + p));
    return 1;
  }

  /**
   * The preset with every secret written into its manifest (an export made with
   * {@code --include-sensitive}, or the original's {@code userValues}) moved into {@code given}, and
   * declared as an input in its place.
   */
  static Preset withoutSecrets(Preset preset, Map<String, String> given) {
    preset.userValues().forEach(given::putIfAbsent);
    JsonObject manifest = preset.manifest().without("userValues");
    List<PresetInput> known = new Preset(preset.name(), manifest).inputs(); // its problems are reported once, later
    SecretFields.Extracted taken = SecretFields.extract(new Preset(preset.name(), manifest).configKeys(), known);
    if (taken.values().isEmpty()) return new Preset(preset.name(), manifest);
    given.putAll(taken.values());
    JsonObject.Builder b = JsonObject.builder();
    manifest.members().forEach((k, v) -> b.put(k, taken.config().has(k) ? taken.config().get(k) : v));
    b.put("schema", append(manifest.get("schema"), taken.inputs().stream().map(in -> (JsonValue) in.toJson()).toList()));
    b.put("configMappings", append(manifest.get("configMappings"), new ArrayList<>(taken.mappings())));
    return new Preset(preset.name(), b.build());
  }

  private static JsonArray append(JsonValue existing, List<JsonValue> more) {
    List<JsonValue> all = new ArrayList<>(existing instanceof JsonArray a ? a.elements() : List.of());
    all.addAll(more);
    return JsonArray.of(all);
  }

  /**
   * Each applying input's value, first found of: {@code --set}; a value the manifest carried; an answer
   * on the terminal; the value kept by an earlier install ({@code previous}); the environment variable
   * of its name (then nothing is kept: the server reads the variable itself); its default.
   */
  static Gathered gather(List<PresetInput> inputs, Map<String, String> set, Map<String, String> carried,
      Map<String, String> previous, Function<String, String> env, Asker asker) {
    Map<String, String> kept = new LinkedHashMap<>();
    Map<String, String> seen = new LinkedHashMap<>();
    List<PresetInput> missing = new ArrayList<>();
    for (PresetInput in : inputs) {
      if (!in.applies(id -> seen.containsKey(id) ? seen.get(id) : env.apply(id))) continue;
      String v = set.get(in.id());
      if (v == null) v = carried.get(in.id());
      if (v == null && asker != null) v = asker.ask(in);
      if (v == null) v = previous.get(in.id());
      if (v == null && env.apply(in.id()) != null) {
        seen.put(in.id(), env.apply(in.id()));
        continue;
      }
      if (v == null) v = in.defaultValue();
      if (v == null) {
        if (in.required()) missing.add(in);
        continue;
      }
      kept.put(in.id(), v);
      seen.put(in.id(), v);
    }
    return new Gathered(kept, missing);
  }

  /** Asks on the terminal, secrets without echo; null when stdin or stdout is not a terminal. */
  private Asker asker() {
    Console console = System.console();
    if (console == null) return null;
    return in -> { // an empty answer takes what comes next: the value kept before, the environment's, the default
      String q = in.question() + (in.defaultValue() != null && !in.secret() ? " [" + in.defaultValue() + "]" : "")
          + (in.options().isEmpty() ? "" : " (" + String.join("/", in.options()) + ")") + ": ";
      String a;
      if (in.secret()) {
        char[] typed = console.readPassword("%s", q);
        a = typed == null ? null : new String(typed);
      } else {
        a = console.readLine("%s", q);
      }
      return a == null || a.isEmpty() ? null : a;
    };
  }
}
