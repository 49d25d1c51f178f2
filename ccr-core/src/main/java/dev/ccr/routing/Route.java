package dev.ccr.routing;

import java.util.Objects;

/**
 * A routing decision: the configured provider and the model to ask, which scenario chose them
 * ({@code default}, {@code think}, {@code explicit}, a custom router's name, ...), why (control
 * characters escaped), and the client session it belongs to (null when unknown).
 */
public record Route(String provider, String model, String scenario, String reason, String sessionId,
    java.util.List<dev.ccr.config.RouteTarget> fallback) {
  public Route {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(scenario, "scenario");
    reason = reason == null ? "" : dev.ccr.internal.LogText.escaped(reason); // logged and shown: one line, as sent
    fallback = fallback == null ? java.util.List.of() : java.util.List.copyOf(fallback);
  }

  public Route(String provider, String model, String scenario, String reason) {
    this(provider, model, scenario, reason, null, null);
  }

  public Route(String provider, String model, String scenario, String reason, String sessionId) {
    this(provider, model, scenario, reason, sessionId, null);
  }

  public static Route of(String provider, String model, String scenario, String reason) {
    return new Route(provider, model, scenario, reason, null, null);
  }

  /** This decision, for the given session. */
  public Route withSession(String sessionId) {
    return new Route(provider, model, scenario, reason, sessionId, fallback);
  }

  /**
   * This decision with its own fallback list, tried in order when it fails (instead of the
   * config's {@code fallback} entry for its scenario); custom routers use it.
   */
  public Route withFallback(java.util.List<dev.ccr.config.RouteTarget> fallback) {
    return new Route(provider, model, scenario, reason, sessionId, fallback);
  }

  /** {@code provider,model}, as config.json and the {@code x-ccr-route} header write it. */
  public String target() {
    return provider + "," + model;
  }

  /** The value of the {@code x-ccr-route} response header. */
  public String header() {
    return target() + "; scenario=" + scenario;
  }
}
