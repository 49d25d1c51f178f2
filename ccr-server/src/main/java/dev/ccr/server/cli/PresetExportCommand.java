package dev.ccr.server.cli;

import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.server.preset.PresetConfigs;
import dev.ccr.server.preset.PresetInput;
import dev.ccr.server.preset.PresetStore;
import dev.ccr.server.preset.SecretFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ccr preset export NAME}: the current config as a preset. Every secret-looking value becomes a
 * {@code ${PROVIDER_KEY}} placeholder declared in {@code schema}. On a terminal it asks for the
 * description, author and keywords the options did not give; without one it never asks.
 */
@Command(name = "export", description = {"Write the current config as a preset (secrets become inputs).",
    "Without --output it goes to ~/.claude-code-router/presets/NAME/, where it is installed and served;",
    "the values taken out stay on this machine, in a file only you can read, outside that folder."})
final class PresetExportCommand extends CcrCommand {
  @Mixin ConfigOption config = new ConfigOption();

  @Parameters(paramLabel = "NAME", description = "The preset's name.") String name;

  @Option(names = "--output", paramLabel = "PATH",
      description = "Write here instead: a folder (its manifest.json) or a file ending in .json.") Path output;

  @Option(names = "--description", paramLabel = "TEXT") String description;

  @Option(names = "--author", paramLabel = "NAME") String author;

  @Option(names = "--tags", paramLabel = "A,B", split = ",", description = "Keywords, comma-separated.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--include-sensitive", description = {"Keep the secrets in the preset as they are (do not share it).",
      "Only with --output; the file is readable by you only."})
  boolean includeSensitive;

  @Override
  public Integer call() throws IOException {
    String problem = output == null ? PresetCommand.nameProblem(name, spec.root().commandLine())
        : PresetStore.nameProblem(name);
    if (problem != null) throw new IllegalArgumentException(problem);
    if (includeSensitive && output == null) {
      // the presets folder is the one meant to be shared: secrets never go there
      err().println("ccr: --include-sensitive needs --output PATH (a file only you can read); the presets folder never"
          + " holds a secret");
      return 1;
    }
    PresetStore store = PresetCommand.store();
    Path target = output == null ? store.manifest(name)
        : output.toString().endsWith(".json") ? output : output.resolve("manifest.json");
    if (Files.exists(target)) {
      err().println("ccr: " + target + " exists; " + (output == null ? "`ccr preset delete " + name + "` first"
          : "choose another --output") + " (export never overwrites)");
      return 1;
    }
    // As written, not as resolved: $VAR references stay references, and a problem in the config does not stop the export.
    JsonObject keys = PresetStore.readObject(config.path());
    for (String k : PresetConfigs.SERVER_KEYS) keys = keys.without(k);
    SecretFields.Extracted taken = includeSensitive ? new SecretFields.Extracted(keys, List.of(), List.of(), Map.of())
        : SecretFields.extract(keys, List.of());
    askForMetadata();
    JsonObject manifest = manifest(taken);
    Files.createDirectories(target.toAbsolutePath().getParent());
    if (output == null) {
      Files.writeString(target, Json.writePretty(manifest), StandardCharsets.UTF_8);
      if (!taken.values().isEmpty()) store.writeInputs(name, taken.values());
    } else {
      PresetStore.writeOwnerOnly(target, Json.writePretty(manifest)); // readable by its owner only: share it on purpose
    }
    report(target, taken, store);
    return 0;
  }

  /** As the original does on a terminal: asks for what the options did not give (Enter leaves it out). Never in a script. */
  private void askForMetadata() {
    java.io.Console console = System.console();
    if (console == null) return;
    if (description == null) description = blankToNull(console.readLine("Description (optional): "));
    if (author == null) author = blankToNull(console.readLine("Author (optional): "));
    if (tags.isEmpty()) {
      String t = console.readLine("Keywords, comma-separated (optional): ");
      if (t != null) tags = List.of(t.split(","));
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private JsonObject manifest(SecretFields.Extracted taken) {
    JsonObject.Builder b = JsonObject.builder().put("name", name).put("version", "1.0.0");
    if (description != null) b.put("description", description);
    if (author != null) b.put("author", author);
    List<JsonValue> keywords = new ArrayList<>();
    for (String t : tags) if (!t.isBlank()) keywords.add(JsonString.of(t.trim()));
    if (!keywords.isEmpty()) b.put("keywords", JsonArray.of(keywords));
    b.putAll(taken.config().members());
    if (!taken.inputs().isEmpty()) {
      List<JsonValue> schema = new ArrayList<>();
      for (PresetInput in : taken.inputs()) schema.add(in.toJson());
      b.put("schema", JsonArray.of(schema));
      b.put("configMappings", JsonArray.of(taken.mappings()));
    }
    return b.build();
  }

  private void report(Path target, SecretFields.Extracted taken, PresetStore store) {
    out().println("Exported preset " + name + " to " + target);
    if (includeSensitive) {
      err().println("ccr: warning: --include-sensitive kept the secrets in " + target + "; do not share it");
    } else {
      out().println("  " + taken.values().size() + " secret value(s) replaced by placeholders; inputs it asks for at install: "
          + (taken.inputs().isEmpty() ? "none" : String.join(", ", taken.inputs().stream().map(PresetInput::id).toList())));
      if (output == null && !taken.values().isEmpty()) {
        out().println("  the values taken out stay on this machine in " + store.inputsFile(name) + " (owner only)");
      }
    }
    JsonObject keys = taken.config();
    if (keys.getString("CUSTOM_ROUTER_PATH") != null || keys.get("transformers") instanceof JsonArray a && !a.isEmpty()) {
      err().println("ccr: warning: CUSTOM_ROUTER_PATH and transformers[].path name files on this machine; "
          + "they are not copied into the preset");
    }
    out().println(output == null ? "Run Claude Code with it: ccr " + name + "   Share the folder " + target.getParent()
        : "Install it elsewhere with: ccr preset install " + target);
  }
}
