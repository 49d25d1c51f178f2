package dev.ccr.server.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --routes deepseek,deepseek-chat,openrouter,anthropic/claude-sonnet-4}: routes written one after
 * another, each "provider,model", read strictly in pairs so that a misspelt provider is an error, not
 * part of the model name before it.
 */
public final class Targets {
  private Targets() {}

  /**
   * The "provider,model" targets in {@code spec}, each provider one of {@code models}' keys (a provider
   * and the models it lists); throws {@link IllegalArgumentException} saying what is wrong.
   */
  public static List<String> parse(String spec, Map<String, List<String>> models) {
    String[] parts = spec.split(",", -1);
    if (spec.isBlank()) throw new IllegalArgumentException("--routes: no route given");
    if (parts.length % 2 != 0) {
      throw new IllegalArgumentException("--routes: provider " + parts[parts.length - 1].trim()
          + " has no model after it (write provider,model pairs)");
    }
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < parts.length; i += 2) {
      String provider = parts[i].trim();
      String model = parts[i + 1].trim();
      if (!models.containsKey(provider)) {
        throw new IllegalArgumentException("--routes: \"" + provider + "\" is not a configured provider (configured: "
            + String.join(", ", models.keySet()) + ")");
      }
      if (model.isEmpty()) throw new IllegalArgumentException("--routes: provider " + provider + " has an empty model");
      targets.add(provider + "," + model);
    }
    return targets;
  }

  /** Warnings for targets whose provider lists its models and not this one (the request may still work). */
  public static List<String> unlisted(List<String> targets, Map<String, List<String>> models) {
    List<String> warnings = new ArrayList<>();
    for (String t : targets) {
      int comma = t.indexOf(',');
      List<String> listed = models.get(t.substring(0, comma));
      if (listed != null && !listed.isEmpty() && !listed.contains(t.substring(comma + 1))) {
        warnings.add(t + ": provider " + t.substring(0, comma) + " does not list model " + t.substring(comma + 1)
            + " (it lists " + String.join(", ", listed) + ")");
      }
    }
    return warnings;
  }
}
