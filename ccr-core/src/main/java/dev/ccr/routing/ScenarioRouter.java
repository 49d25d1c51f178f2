package dev.ccr.routing;

import dev.ccr.NoRouteException;
import dev.ccr.config.CcrConfig;
import dev.ccr.config.ProviderConfig;
import dev.ccr.config.RouteTarget;
import dev.ccr.config.RouterConfig;
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
 * fixed: image, custom routers, an explicit {@code provider,model}, long context, the subagent
 * tag, background (Haiku), web search, think, default. A scenario whose {@code Router} entry is
 * empty falls through to the next.
 */
public final class ScenarioRouter {
  private static final Logger log = LoggerFactory.getLogger(ScenarioRouter.class);
  /** A session that was over the threshold stays on the long-context model while above this. */
  static final int LONG_SESSION_FLOOR = 20_000;

  private final CcrConfig config;
  private final List<NamedRouter> custom;
  private final SessionMemory sessions;

  /** A custom router with the name its decisions are reported under. */
  public record NamedRouter(String name, Router router) {}

  public ScenarioRouter(CcrConfig config, List<NamedRouter> custom, SessionMemory sessions) {
    this.config = config;
    this.custom = List.copyOf(custom);
    this.sessions = sessions;
  }

  public Route route(RoutingContext ctx) {
    return decide(ctx).withSession(ctx.sessionId());
  }

  private Route decide(RoutingContext ctx) {
    MessagesRequest request = ctx.request();
    RouterConfig rc = config.router();

    RouteTarget image = rc.target(RouterConfig.IMAGE);
    if (image != null && lastUserTurnHasImage(request)) {
      return scenario(image, RouterConfig.IMAGE, "the last user turn holds an image");
    }
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
