package dev.ccr.spi;

import dev.ccr.routing.Route;
import dev.ccr.routing.RoutingContext;
import java.util.Optional;

/** Looks at a request and picks a provider and model for it, or passes to let the next rule decide. */
public interface Router {

  Optional<Route> route(RoutingContext context);

  /** Makes a router; discovered factories are asked in name order. */
  interface Factory {
    String name();

    Router create(dev.ccr.config.CcrConfig config);
  }
}
