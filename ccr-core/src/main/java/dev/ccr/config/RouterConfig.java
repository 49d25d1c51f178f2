package dev.ccr.config;

import dev.ccr.json.JsonObject;
import java.util.Map;

/**
 * The {@code Router} section: a target per scenario ({@code default}, {@code background}, {@code
 * think}, {@code longContext}, {@code webSearch}, {@code image}) and the long-context threshold.
 * Empty entries are left out.
 */
public record RouterConfig(Map<String, RouteTarget> targets, int longContextThreshold, JsonObject raw) {
  public static final String DEFAULT = "default";
  public static final String BACKGROUND = "background";
  public static final String THINK = "think";
  public static final String LONG_CONTEXT = "longContext";
  public static final String WEB_SEARCH = "webSearch";
  public static final String IMAGE = "image";
  public static final int DEFAULT_LONG_CONTEXT_THRESHOLD = 60_000;

  public RouterConfig {
    targets = Map.copyOf(targets);
    raw = raw == null ? JsonObject.of() : raw;
  }

  /** The target for a scenario, or null when it is not set. */
  public RouteTarget target(String scenario) {
    return targets.get(scenario);
  }

  public RouteTarget defaultTarget() {
    return targets.get(DEFAULT);
  }
}
