package dev.ccr.server.preset;

import dev.ccr.config.CcrConfig;
import dev.ccr.internal.VarReferences;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The config an installed preset serves with. A preset is someone else's file: it reads only the
 * variables its schema declares, those given at install (the inputs file, where {@code --allow-env VAR}
 * is kept as {@code VAR: "$VAR"}) and the original's {@code userValues}; any other {@code $VAR} in
 * it is a problem, so a shared manifest cannot read the server's environment.
 */
public final class PresetConfigs {
  /** Keys of the server, not of a preset: a preset shares the process's listener and its APIKEY. */
  public static final List<String> SERVER_KEYS = List.of("APIKEY", "HOST", "PORT");

  private PresetConfigs() {}

  /**
   * The preset's config read as {@code ccr validate} reads config.json, with every problem (the
   * manifest's own, then the config's, with their JSON paths). Variables resolve from {@code inputs}
   * (the install's, trusted: a {@code $VAR} value there reads {@code env}), then the manifest's
   * {@code userValues}, then, for an input the schema declares, {@code env}; {@code serverApiKey} (null
   * for none) is the server's, which guards the preset too. For checking, and for serving only when the
   * problems are empty.
   */
  public static CcrConfig.Checked check(Preset preset, Map<String, String> inputs, Function<String, String> env,
      String serverApiKey) {
    List<String> problems = new ArrayList<>();
    Set<String> declared = new HashSet<>();
    preset.inputs().forEach(in -> declared.add(in.id()));
    Set<String> known = new HashSet<>(declared);
    known.addAll(inputs.keySet());
    Map<String, String> values = new HashMap<>();
    preset.userValues().forEach((k, v) -> {
      for (String name : VarReferences.names(v)) {
        if (!known.contains(name)) problems.add(notDeclared("userValues." + k, name));
      }
      values.put(k, v);
    });
    values.putAll(inputs);
    known.addAll(values.keySet());
    Function<String, String> lookup = PresetStore.environment(values, declared, env);
    JsonObject tree = preset.config(lookup, problems);
    for (String key : SERVER_KEYS) tree = tree.without(key);
    undeclared(tree, "", known, problems);
    if (serverApiKey != null) tree = tree.with("APIKEY", JsonString.of(serverApiKey));
    CcrConfig.Checked read = CcrConfig.check(tree, lookup);
    problems.addAll(read.problems());
    return new CcrConfig.Checked(read.config(), List.copyOf(problems));
  }

  /** The problem of a {@code $VAR} the preset may not read. */
  public static String notDeclared(String path, String variable) {
    return path + " reads $" + variable + ", which the preset's schema does not declare; install with --allow-env "
        + variable + " to let it read that variable";
  }

  private static void undeclared(JsonValue v, String path, Set<String> known, List<String> problems) {
    if (v instanceof JsonString s) {
      for (String name : VarReferences.names(s.value())) {
        String p = notDeclared(path, name);
        if (!known.contains(name) && !problems.contains(p)) problems.add(p);
      }
    } else if (v instanceof JsonObject o) {
      o.members().forEach((k, e) -> undeclared(e, path.isEmpty() ? k : path + "." + k, known, problems));
    } else if (v instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) undeclared(a.get(i), path + "[" + i + "]", known, problems);
    }
  }
}
