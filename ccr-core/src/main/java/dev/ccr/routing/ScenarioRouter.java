package dev.ccr.routing;

import dev.ccr.NoRouteException;
import dev.ccr.config.CcrConfig;
import dev.ccr.config.ProviderConfig;
import dev.ccr.config.RouteTarget;
import dev.ccr.config.RouterConfig;
import dev.ccr.model.MessagesRequest;
import dev.ccr.spi.Router;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the provider and model for a request: custom routers first, then an explicit {@code
 * provider,model} in {@code model}, then the {@code Router.default} target.
 */
public final class ScenarioRouter {
  private static final Logger log = LoggerFactory.getLogger(ScenarioRouter.class);

  private final CcrConfig config;
  private final List<NamedRouter> custom;

  /** A custom router with the name its decisions are reported under. */
  public record NamedRouter(String name, Router router) {}

  public ScenarioRouter(CcrConfig config, List<NamedRouter> custom) {
    this.config = config;
    this.custom = List.copyOf(custom);
  }

  public Route route(RoutingContext ctx) {
    MessagesRequest request = ctx.request();
    for (NamedRouter r : custom) {
      Optional<Route> route;
      try {
        route = r.router().route(ctx);
      } catch (RuntimeException e) {
        log.warn("Custom router {} failed and was skipped: {}", r.name(), e.toString());
        continue;
      }
      if (route != null && route.isPresent()) return checked(route.get(), "custom router " + r.name());
    }
    Route explicit = explicit(request.model());
    if (explicit != null) return explicit;
    RouteTarget d = config.router().defaultTarget();
    if (d == null) {
      throw new NoRouteException("no route for model \"" + request.model() + "\": Router.default is not set");
    }
    return Route.of(d.provider(), d.model(), RouterConfig.DEFAULT, "no other rule matched");
  }

  /** {@code provider,model}, or {@code provider/model} when {@code provider} is a configured name. */
  Route explicit(String model) {
    if (model == null) return null;
    int comma = model.indexOf(',');
    if (comma > 0) {
      RouteTarget t = RouteTarget.parse(model);
      if (t == null) throw new NoRouteException("model \"" + model + "\" must be \"provider,model\"");
      return checked(Route.of(t.provider(), t.model(), "explicit", "the request names " + t), "model");
    }
    int slash = model.indexOf('/');
    if (slash > 0) {
      Optional<ProviderConfig> p = config.provider(model.substring(0, slash));
      if (p.isPresent() && slash < model.length() - 1) {
        String m = model.substring(slash + 1);
        return Route.of(p.get().name(), m, "explicit", "the request names " + p.get().name() + "," + m);
      }
    }
    return null;
  }

  /** A route to an unconfigured provider is a clear error, not a 404 from nowhere. */
  private Route checked(Route route, String source) {
    Optional<ProviderConfig> p = config.provider(route.provider());
    if (p.isEmpty()) {
      throw new NoRouteException(source + " routes to provider \"" + route.provider()
          + "\", which is not configured (configured: "
          + config.providers().stream().map(ProviderConfig::name).toList() + ")");
    }
    return p.get().name().equals(route.provider()) ? route
        : new Route(p.get().name(), route.model(), route.scenario(), route.reason());
  }
}
