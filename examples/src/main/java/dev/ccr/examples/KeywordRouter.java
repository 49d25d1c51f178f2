package dev.ccr.examples;

import dev.ccr.config.CcrConfig;
import dev.ccr.json.JsonObject;
import dev.ccr.model.Message;
import dev.ccr.routing.Route;
import dev.ccr.routing.RoutingContext;
import dev.ccr.spi.Router;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A custom router in its own jar: requests whose last user message mentions a keyword go to a
 * chosen model. Configured in config.json under its own key, which ccr keeps and ignores:
 * {@code "KeywordRouter": {"keyword": "deploy", "route": "deepseek,deepseek-reasoner"}}.
 */
public final class KeywordRouter implements Router {
  private final String keyword;
  private final String provider;
  private final String model;

  KeywordRouter(String keyword, String provider, String model) {
    this.keyword = keyword.toLowerCase(Locale.ROOT);
    this.provider = provider;
    this.model = model;
  }

  @Override
  public Optional<Route> route(RoutingContext context) {
    List<Message> messages = context.request().messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      Message m = messages.get(i);
      if (!m.isUser()) continue;
      if (m.content().text().toLowerCase(Locale.ROOT).contains(keyword)) {
        return Optional.of(Route.of(provider, model, "keyword", "the last user message mentions \"" + keyword + "\""));
      }
      break;
    }
    return Optional.empty();
  }

  /** Registered in META-INF/services/dev.ccr.spi.Router$Factory; passes when config.json does not configure it. */
  public static final class Factory implements Router.Factory {
    @Override
    public String name() {
      return "keyword";
    }

    @Override
    public Router create(CcrConfig config) {
      JsonObject options = config.raw().getObject("KeywordRouter");
      String keyword = options == null ? null : options.getString("keyword");
      String route = options == null ? null : options.getString("route");
      if (keyword == null || route == null || !route.contains(",")) return context -> Optional.empty();
      int comma = route.indexOf(',');
      return new KeywordRouter(keyword, route.substring(0, comma), route.substring(comma + 1));
    }
  }
}
