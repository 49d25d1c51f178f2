package dev.ccr;

import java.util.List;

/** A configuration cannot be used; {@link #problems()} lists every problem found, each naming its JSON path. */
public class ConfigException extends CcrException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(500, "api_error", summary(problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }

  private static String summary(List<String> problems) {
    if (problems.size() == 1) return "invalid configuration: " + problems.get(0);
    return "invalid configuration (" + problems.size() + " problems):\n  " + String.join("\n  ", problems);
  }
}
