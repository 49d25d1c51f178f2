package dev.ccr.config;

import dev.ccr.rules.Condition;
import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code routing.rules}: when {@code condition} holds, the request goes to {@code
 * target}. {@code path} is where it sits in config.json ({@code routing.rules[0]}); {@code name} is
 * the optional name it was given; {@code fallback} its own fallback list, empty when not given.
 */
public record RoutingRule(String path, String name, Condition condition, RouteTarget target, List<RouteTarget> fallback) {
  public RoutingRule {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(target, "target");
    fallback = fallback == null ? List.of() : List.copyOf(fallback);
  }

  /** How routes and logs name the rule: its name when it has one, else its place in config.json. */
  public String label() {
    return name != null ? name : path;
  }
}
