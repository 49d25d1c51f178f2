package dev.ccr;

import dev.ccr.alerts.Guards;
import dev.ccr.config.CcrConfig;
import dev.ccr.config.RouterConfig;
import dev.ccr.internal.LogText;
import dev.ccr.model.MessagesRequest;
import dev.ccr.project.ProjectTable;
import dev.ccr.project.ProjectTables;
import dev.ccr.routing.BudgetSource;
import dev.ccr.routing.CustomRouterLoader;
import dev.ccr.routing.Route;
import dev.ccr.routing.RouteExplanation;
import dev.ccr.routing.RoutingContext;
import dev.ccr.routing.ScenarioRouter;
import dev.ccr.routing.SessionIds;
import dev.ccr.routing.SessionMemory;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.spi.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing step of {@link ClaudeCodeRouter}: the request's Router table (a project's or session's
 * own, or the config's), the scenario router's decision, and the budget and monitoring guards over
 * it; {@link #route} and {@link #explain} take the same steps, so an explanation shows what is served.
 */
final class RequestRouting {
  private static final Logger log = LoggerFactory.getLogger(ClaudeCodeRouter.class); // the facade's log, as before
  /** Scenarios read from the Router table; a route by one of them names the table's files. */
  private static final List<String> TABLE_SCENARIOS = List.of(RouterConfig.DEFAULT, RouterConfig.BACKGROUND,
      RouterConfig.THINK, RouterConfig.LONG_CONTEXT, RouterConfig.WEB_SEARCH, RouterConfig.IMAGE);

  private final CcrConfig config;
  private final ScenarioRouter router;
  private final ToIntFunction<MessagesRequest> tokenCounter;
  private final SessionMemory sessions;
  private final ProjectTables projects;
  private final Guards guards;

  RequestRouting(CcrConfig config, List<ScenarioRouter.NamedRouter> custom, SessionMemory sessions, java.time.Clock wallClock,
      BudgetSource budget, ToIntFunction<MessagesRequest> tokenCounter, ProjectTables projects, Guards guards) {
    this.config = config;
    this.router = new ScenarioRouter(config, custom, sessions, wallClock, budget);
    this.tokenCounter = tokenCounter;
    this.sessions = sessions;
    this.projects = projects;
    this.guards = guards;
  }

  /** The custom routers, in the order they are asked: the host's, then {@code CUSTOM_ROUTER_PATH}'s, then plug-ins'. */
  static List<ScenarioRouter.NamedRouter> customRouters(CcrConfig config, List<Router> hosts, PluginRegistry plugins) {
    List<ScenarioRouter.NamedRouter> custom = new ArrayList<>();
    for (Router r : hosts) custom.add(new ScenarioRouter.NamedRouter(r.getClass().getSimpleName(), r));
    if (config.customRouterPath() != null) {
      custom.add(CustomRouterLoader.load(config.customRouterPath(), config, ClaudeCodeRouter.class.getClassLoader()));
    }
    for (Router.Factory f : plugins.routers()) custom.add(new ScenarioRouter.NamedRouter(f.name(), f.create(config)));
    return custom;
  }

  Route route(MessagesRequest request, String sessionHeader) {
    String sessionId = SessionIds.of(request, sessionHeader);
    ProjectTable table = projects.lookup(request, sessionId);
    RoutingContext ctx = new RoutingContext(request, sessionId, config, tokenCounter, table.table(), table.project());
    Route route = guards.apply(fromTable(router.route(ctx), table));
    if (ctx.tokensCounted()) sessions.record(route.sessionId(), ctx.tokenCount()); // until the provider reports usage
    if (log.isInfoEnabled()) {
      log.info("route {} -> {} ({}: {})", LogText.escaped(request.model()), LogText.escaped(route.target()),
          LogText.escaped(route.scenario()), route.reason());
    }
    return route;
  }

  RouteExplanation explain(MessagesRequest request, String sessionHeader) {
    String sessionId = SessionIds.of(request, sessionHeader);
    ProjectTable table = projects.lookup(request, sessionId);
    RouteExplanation e = router.explain(
        new RoutingContext(request, sessionId, config, tokenCounter, table.table(), table.project()));
    List<String> steps = new ArrayList<>();
    table.sources().forEach(s -> steps.add("Router table from " + s));
    steps.addAll(e.steps());
    if (e.route() == null) return new RouteExplanation(null, e.error(), steps, e.facts());
    Route decided = fromTable(e.route(), table);
    String was = "decided " + decided.target() + " (" + decided.scenario() + ": " + decided.reason() + "); the guards ";
    try {
      Route served = guards.apply(decided); // the same step route() takes
      if (!served.equals(decided)) steps.add(was + "serve " + served.target() + " instead");
      return new RouteExplanation(served, null, steps, e.facts());
    } catch (CcrException refused) {
      steps.add(was + "refuse it");
      return new RouteExplanation(null, refused.getMessage(), steps, e.facts());
    }
  }

  int countTokens(MessagesRequest request) {
    return tokenCounter.applyAsInt(request);
  }

  /** A scenario of a project's or session's own table says so in its reason. */
  private static Route fromTable(Route route, ProjectTable table) {
    if (table.sources().isEmpty() || !TABLE_SCENARIOS.contains(route.scenario())) return route;
    return new Route(route.provider(), route.model(), route.scenario(),
        route.reason() + "; Router table: " + String.join("; then ", table.sources()), route.sessionId(), route.fallback());
  }
}
