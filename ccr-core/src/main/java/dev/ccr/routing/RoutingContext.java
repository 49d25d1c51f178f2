package dev.ccr.routing;

import dev.ccr.config.CcrConfig;
import dev.ccr.model.MessagesRequest;
import java.util.Objects;
import java.util.function.ToIntFunction;

/** What a router sees: the request, its token count (counted on first use), the session and the config. */
public final class RoutingContext {
  private final MessagesRequest request;
  private final String sessionId;
  private final CcrConfig config;
  private final ToIntFunction<MessagesRequest> counter;
  private int tokenCount = -1;

  public RoutingContext(MessagesRequest request, String sessionId, CcrConfig config,
      ToIntFunction<MessagesRequest> counter) {
    this.request = Objects.requireNonNull(request, "request");
    this.sessionId = sessionId;
    this.config = Objects.requireNonNull(config, "config");
    this.counter = Objects.requireNonNull(counter, "counter");
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
