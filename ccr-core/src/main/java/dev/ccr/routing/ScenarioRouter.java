package dev.ccr.routing;

import dev.ccr.NoRouteException;
import dev.ccr.config.CcrConfig;
import dev.ccr.config.ProviderConfig;
import dev.ccr.config.RouteTarget;
import dev.ccr.config.RouterConfig;
import dev.ccr.config.RoutingRule;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.ImageBlock;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.Tool;
import dev.ccr.model.ToolResultBlock;
import dev.ccr.spi.Router;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the provider and model for a request, in the original router's order with its mistakes
 * fixed: image, custom routers, an explicit {@code provider,model}, the config's {@code
 * routing.rules} (first match wins), long context, the subagent tag, background (Haiku), web
 * search, think, default. A scenario whose {@code Router} entry is empty falls through to the next.
 * The Router table is the request's own ({@link RoutingContext#table()}): a project's, say.
 */
public final class ScenarioRouter {
  private static final Logger log = LoggerFactory.getLogger(ScenarioRouter.class);
  /** A session that was over the threshold stays on the long-context model while above this. */
  static final int LONG_SESSION_FLOOR = 20_000;

  private final CcrConfig config;
  private final List<NamedRouter> custom;
  private final SessionMemory sessions;
  private final java.time.Clock wallClock;
  private final BudgetSource budget;

  /** A custom router with the name its decisions are reported under. */
  public record NamedRouter(String name, Router router) {}

  public ScenarioRouter(CcrConfig config, List<NamedRouter> custom, SessionMemory sessions) {
    this(config, custom, sessions, java.time.Clock.systemDefaultZone(), BudgetSource.NONE);
  }

  /** {@code wallClock} gives rules their {@code hour}, {@code budget} their {@code budget_used}. */
  public ScenarioRouter(CcrConfig config, List<NamedRouter> custom, SessionMemory sessions, java.time.Clock wallClock,
      BudgetSource budget) {
    this.config = config;
    this.custom = List.copyOf(custom);
    this.sessions = sessions;
    this.wallClock = java.util.Objects.requireNonNull(wallClock, "wallClock");
    this.budget = java.util.Objects.requireNonNull(budget, "budget");
  }

  public Route route(RoutingContext ctx) {
    return decide(ctx, null).withSession(ctx.sessionId());
  }

  /**
   * What {@link #route} decides, with each step it took and every rule fact of the request; a
   * request that cannot be routed is explained too ({@code route} null, {@code error} saying why).
   */
  public RouteExplanation explain(RoutingContext ctx) {
    List<String> steps = new java.util.ArrayList<>();
    RuleFacts facts = facts(ctx);
    Route route = null;
    String error = null;
    try {
      route = decide(ctx, steps).withSession(ctx.sessionId());
    } catch (NoRouteException e) {
      error = e.getMessage();
    }
    return new RouteExplanation(route, error, steps, facts.all());
  }

  private Route decide(RoutingContext ctx, List<String> steps) {
    MessagesRequest request = ctx.request();
    RouterConfig rc = ctx.table();

    RouteTarget image = rc.target(RouterConfig.IMAGE);
    if (image != null && lastUserTurnHasImage(request)) {
      return scenario(image, RouterConfig.IMAGE, "the last user turn holds an image");
    }
    for (NamedRouter r : custom) {
      Optional<Route> route;
      try {
        route = r.router().route(ctx);
      } catch (RuntimeException e) {
        log.warn("Custom router {} failed and was skipped: {}", r.name(), dev.ccr.internal.LogText.escaped(e.toString()));
        note(steps, "custom router " + r.name() + " failed and was skipped: " + e);
        continue;
      }
      if (route != null && route.isPresent()) return checked(route.get(), "custom router " + r.name());
      note(steps, "custom router " + r.name() + " passed");
    }
    Route explicit = explicit(request.model());
    if (explicit != null) return explicit;
    Route ruled = rules(ctx, steps);
    if (ruled != null) return ruled;
    return builtIn(ctx, rc);
  }

  private static void note(List<String> steps, String step) {
    if (steps != null) steps.add(step);
  }

  private RuleFacts facts(RoutingContext ctx) {
    return new RuleFacts(ctx, () -> builtInScenario(ctx), java.time.LocalTime.now(wallClock).getHour(), budget);
  }

  /** The first of {@code routing.rules} whose condition holds, or null. */
  private Route rules(RoutingContext ctx, List<String> steps) {
    List<RoutingRule> rules = config.routingRules();
    if (rules.isEmpty()) return null;
    RuleFacts facts = facts(ctx);
    for (RoutingRule rule : rules) {
      facts.clearRead();
      boolean holds = rule.condition().test(facts);
      if (!holds && steps == null) continue; // the common case says nothing, so builds nothing
      String why = rule.condition().text() + " (" + facts.readSummary() + ")";
      note(steps, "rule " + rule.label() + ": " + why + (holds ? " holds" : " does not hold"));
      if (!holds) continue;
      return scenario(rule.target(), "rule:" + rule.label(), "rule " + rule.label() + ": " + why)
          .withFallback(rule.fallback().isEmpty() ? null : rule.fallback());
    }
    return null;
  }

  /** The scenario the built-in rules pick for this request ({@code default} when even that is not set). */
  private String builtInScenario(RoutingContext ctx) {
    try {
      return builtIn(ctx, ctx.table()).scenario();
    } catch (NoRouteException e) {
      return SubagentTag.find(ctx.request()) != null ? "subagent" : RouterConfig.DEFAULT;
    }
  }

  private Route builtIn(RoutingContext ctx, RouterConfig rc) {
    MessagesRequest request = ctx.request();
    RouteTarget longContext = rc.target(RouterConfig.LONG_CONTEXT);
    if (longContext != null) {
      int threshold = rc.longContextThreshold();
      int tokens = ctx.tokenCount();
      if (tokens > threshold) {
        return scenario(longContext, RouterConfig.LONG_CONTEXT, tokens + " input tokens > " + threshold);
      }
      int previous = sessions.lastInputTokens(ctx.sessionId());
      if (previous > threshold && tokens > LONG_SESSION_FLOOR) {
        return scenario(longContext, RouterConfig.LONG_CONTEXT, "the session's last turn had " + previous
            + " input tokens > " + threshold + " and this one has " + tokens + " > " + LONG_SESSION_FLOOR);
      }
    }
    RouteTarget subagent = SubagentTag.find(request);
    if (subagent != null) {
      return checked(Route.of(subagent.provider(), subagent.model(), "subagent",
          "the request carries <CCR-SUBAGENT-MODEL>" + subagent + "</CCR-SUBAGENT-MODEL>"), "the subagent tag");
    }
    RouteTarget background = rc.target(RouterConfig.BACKGROUND);
    if (background != null && isHaiku(request.model())) {
      return scenario(background, RouterConfig.BACKGROUND, request.model() + " is a Haiku model");
    }
    RouteTarget webSearch = rc.target(RouterConfig.WEB_SEARCH);
    if (webSearch != null && request.tools() != null && request.tools().stream().anyMatch(Tool::isWebSearch)) {
      return scenario(webSearch, RouterConfig.WEB_SEARCH, "the request offers the web_search tool");
    }
    RouteTarget think = rc.target(RouterConfig.THINK);
    if (think != null && request.isThinking()) {
      return scenario(think, RouterConfig.THINK, "thinking is " + request.thinking().type());
    }
    RouteTarget d = rc.defaultTarget();
    if (d == null) {
      throw new NoRouteException("no route for model \"" + request.model() + "\": Router.default is not set");
    }
    return scenario(d, RouterConfig.DEFAULT, "no other rule matched");
  }

  private static Route scenario(RouteTarget t, String scenario, String reason) {
    return Route.of(t.provider(), t.model(), scenario, reason);
  }

  static boolean isHaiku(String model) {
    if (model == null) return false;
    String m = model.toLowerCase(Locale.ROOT);
    return m.startsWith("claude") && m.contains("haiku");
  }

  /** The last user turn holds an image, directly or inside a tool result. */
  static boolean lastUserTurnHasImage(MessagesRequest request) {
    List<Message> messages = request.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      Message m = messages.get(i);
      if (!m.isUser()) continue;
      for (ContentBlock b : m.content().blocks()) {
        if (b instanceof ImageBlock) return true;
        if (b instanceof ToolResultBlock r && r.content() != null
            && r.content().blocks().stream().anyMatch(x -> x instanceof ImageBlock)) {
          return true;
        }
      }
      return false;
    }
    return false;
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
        return checked(Route.of(p.get().name(), m, "explicit", "the request names " + p.get().name() + "," + m), "model");
      }
    }
    return null;
  }

  /** A route to an unconfigured provider or model is a clear error, not a 404 from nowhere. */
  private Route checked(Route route, String source) {
    Optional<ProviderConfig> p = config.provider(route.provider());
    if (p.isEmpty()) {
      throw new NoRouteException(source + " routes to provider \"" + route.provider()
          + "\", which is not configured (configured: "
          + config.providers().stream().map(ProviderConfig::name).toList() + ")");
    }
    ProviderConfig provider = p.get();
    if (!provider.models().isEmpty() && !provider.hasModel(route.model())) {
      throw new NoRouteException(source + " routes to model \"" + route.model() + "\", which provider \""
          + provider.name() + "\" does not list (it lists " + provider.models() + ")");
    }
    return provider.name().equals(route.provider()) ? route
        : new Route(provider.name(), route.model(), route.scenario(), route.reason(), route.sessionId(), route.fallback());
  }
}
