package dev.ccr.server.preset;

import dev.ccr.config.CcrConfig;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The config an installed preset serves with. */
public final class PresetConfigs {
  /** Keys of the server, not of a preset: a preset shares the process's listener and its APIKEY. */
  static final List<String> SERVER_KEYS = List.of("APIKEY", "HOST", "PORT");

  private PresetConfigs() {}

  /**
   * The preset's config read as {@code ccr validate} reads config.json, with every problem (the
   * manifest's own, then the config's, with their JSON paths). Inputs resolve from {@code inputs},
   * then {@code env}; {@code serverApiKey} (null for none) is the server's, which guards the preset too.
   * For checking, and for serving only when the problems are empty.
   */
  public static CcrConfig.Checked check(Preset preset, Map<String, String> inputs, Function<String, String> env,
      String serverApiKey) {
    Function<String, String> values = PresetStore.environment(inputs, env);
    List<String> problems = new ArrayList<>();
    JsonObject tree = preset.config(values, problems);
    for (String key : SERVER_KEYS) tree = tree.without(key);
    if (serverApiKey != null) tree = tree.with("APIKEY", JsonString.of(serverApiKey));
    CcrConfig.Checked read = CcrConfig.check(tree, values);
    problems.addAll(read.problems());
    return new CcrConfig.Checked(read.config(), List.copyOf(problems));
  }
}
