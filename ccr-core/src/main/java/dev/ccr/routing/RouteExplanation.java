package dev.ccr.routing;

import java.util.List;
import java.util.Map;

/**
 * Why a request goes where it goes: the {@code route} (null when it cannot be routed, with {@code
 * error} saying why), the {@code steps} tried before it (custom routers that passed, rules that did
 * not hold), and every routing-rule fact of the request.
 */
public record RouteExplanation(Route route, String error, List<String> steps, Map<String, Object> facts) {
  public RouteExplanation {
    steps = List.copyOf(steps);
    facts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(facts));
  }
}
