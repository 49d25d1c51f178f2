package dev.ccr.routing;

import dev.ccr.config.CcrConfig;
import dev.ccr.config.RouterConfig;
import dev.ccr.model.MessagesRequest;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * What a router sees: the request, its token count (counted on first use), the session, the config,
 * and the Router table and project that apply to this request (a project's own table, when it has one).
 */
public final class RoutingContext {
  private final MessagesRequest request;
  private final String sessionId;
  private final CcrConfig config;
  private final ToIntFunction<MessagesRequest> counter;
  private final RouterConfig table;
  private final String project;
  private int tokenCount = -1;

  public RoutingContext(MessagesRequest request, String sessionId, CcrConfig config,
      ToIntFunction<MessagesRequest> counter) {
    this(request, sessionId, config, counter, null, null);
  }

  /** A context whose Router {@code table} (the config's when null) and {@code project} (null when unknown) are given. */
  public RoutingContext(MessagesRequest request, String sessionId, CcrConfig config,
      ToIntFunction<MessagesRequest> counter, RouterConfig table, String project) {
    this.request = Objects.requireNonNull(request, "request");
    this.sessionId = sessionId;
    this.config = Objects.requireNonNull(config, "config");
    this.counter = Objects.requireNonNull(counter, "counter");
    this.table = table != null ? table : config.router();
    this.project = project;
  }

  public MessagesRequest request() {
    return request;
  }

  /** The client session, or null when the request does not say. */
  public String sessionId() {
    return sessionId;
  }

  public CcrConfig config() {
    return config;
  }

  /** The Router table for this request: the config's, or its project's or session's own. */
  public RouterConfig table() {
    return table;
  }

  /** The project the request comes from (its folder, or Claude Code's transcript folder name), or null when unknown. */
  public String project() {
    return project;
  }

  /** Input tokens of the request; counted once, when first asked for. */
  public int tokenCount() {
    if (tokenCount < 0) tokenCount = counter.applyAsInt(request);
    return tokenCount;
  }

  /** True when the tokens were counted (a rule needed them). */
  public boolean tokensCounted() {
    return tokenCount >= 0;
  }
}
