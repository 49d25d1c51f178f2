package dev.ccr.server.benchmark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@code --routes deepseek,deepseek-chat,openrouter,anthropic/claude-sonnet-4}: routes written one after
 * another, each "provider,model". A configured provider's name starts the next route, so a model name
 * may hold commas of its own.
 */
public final class Targets {
  private Targets() {}

  /** The "provider,model" targets in {@code spec}; throws {@link IllegalArgumentException} saying what is wrong. */
  public static List<String> parse(String spec, Collection<String> providers) {
    List<String> targets = new ArrayList<>();
    String provider = null;
    StringBuilder model = new StringBuilder();
    for (String raw : spec.split(",", -1)) {
      String part = raw.trim();
      if (providers.contains(part) && (provider == null || model.length() > 0)) {
        if (provider != null) targets.add(provider + "," + model);
        provider = part;
        model.setLength(0);
      } else if (provider == null) {
        throw new IllegalArgumentException("--routes: \"" + part + "\" is not a configured provider (configured: "
            + String.join(", ", providers) + ")");
      } else {
        if (model.length() > 0) model.append(',');
        model.append(part);
      }
    }
    if (provider == null) throw new IllegalArgumentException("--routes: no route given");
    if (model.length() == 0 || model.toString().isBlank()) {
      throw new IllegalArgumentException("--routes: provider " + provider + " has no model after it (write provider,model)");
    }
    targets.add(provider + "," + model);
    return targets;
  }
}
