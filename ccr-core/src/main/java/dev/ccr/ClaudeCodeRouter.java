package dev.ccr;

import dev.ccr.config.CcrConfig;
import dev.ccr.config.ProviderConfig;
import dev.ccr.config.TransformerUse;
import dev.ccr.engine.DecodedStream;
import dev.ccr.config.Resilience;
import dev.ccr.config.RouteTarget;
import dev.ccr.engine.CircuitBreaker;
import dev.ccr.engine.HttpTransport;
import dev.ccr.engine.KeyPool;
import dev.ccr.engine.ProviderErrors;
import dev.ccr.engine.TransformerChain;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.ApiError;
import dev.ccr.model.MessageAccumulator;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.StreamEvents;
import dev.ccr.model.Usage;
import dev.ccr.routing.CustomRouterLoader;
import dev.ccr.routing.Route;
import dev.ccr.routing.RoutingContext;
import dev.ccr.routing.ScenarioRouter;
import dev.ccr.routing.SessionIds;
import dev.ccr.routing.SessionMemory;
import dev.ccr.routing.SubagentTag;
import dev.ccr.routing.TokenCounter;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.spi.Provider;
import dev.ccr.spi.Router;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamReply;
import dev.ccr.spi.UpstreamRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes Anthropic Messages requests to the configured providers: {@link #route} says where a
 * request would go, {@link #send} and {@link #stream} send it and translate the answer back.
 * Thread-safe; build one and share it.
 */
public final class ClaudeCodeRouter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClaudeCodeRouter.class);

  private final CcrConfig config;
  private final PluginRegistry plugins;
  private final HttpTransport transport;
  private final ScenarioRouter router;
  private final ToIntFunction<MessagesRequest> tokenCounter;
  private final SessionMemory sessions = new SessionMemory(10_000);
  private final Map<String, Provider> providers = new ConcurrentHashMap<>();
  private final Map<String, List<Transformer>> chains = new ConcurrentHashMap<>();
  private final Map<String, KeyPool> keyPools = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> entryHeaders = new ConcurrentHashMap<>();
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  private ClaudeCodeRouter(Builder b) {
    this.config = b.config != null ? b.config : CcrConfig.load(CcrConfig.defaultPath());
    this.plugins = b.plugins != null ? b.plugins : PluginRegistry.forConfig(config, ClaudeCodeRouter.class.getClassLoader());
    List<String> problems = new ArrayList<>(config.checkTransformerNames(plugins.useNames()));
    problems.addAll(config.checkProviders(plugins));
    if (!problems.isEmpty()) throw new ConfigException(problems);
    this.transport = new HttpTransport(b.httpClient != null ? b.httpClient
        : HttpTransport.defaultClient(config.resilience().connectMs(), config.apiTimeoutMs(), config.proxyUrl()));
    List<ScenarioRouter.NamedRouter> custom = new ArrayList<>();
    for (Router r : b.routers) custom.add(new ScenarioRouter.NamedRouter(r.getClass().getSimpleName(), r));
    if (config.customRouterPath() != null) {
      custom.add(CustomRouterLoader.load(config.customRouterPath(), config, ClaudeCodeRouter.class.getClassLoader()));
    }
    for (Router.Factory f : plugins.routers()) custom.add(new ScenarioRouter.NamedRouter(f.name(), f.create(config)));
    this.router = new ScenarioRouter(config, custom, sessions);
    this.tokenCounter = b.tokenCounter != null ? b.tokenCounter : new TokenCounter()::count;
  }

  /**
   * Every problem that would stop a router being built from {@code config}: its plug-in jars, the
   * transformer and provider names its entries use, and its custom router; the same checks start-up
   * runs, all reported at once, for {@code ccr validate}. Empty when none.
   */
  public static List<String> check(CcrConfig config) {
    ClassLoader loader = ClaudeCodeRouter.class.getClassLoader();
    List<String> problems = new ArrayList<>();
    PluginRegistry plugins;
    try {
      plugins = PluginRegistry.forConfig(config, loader);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      plugins = PluginRegistry.discover(loader); // still check the rest against what is on the class path
    }
    problems.addAll(config.checkTransformerNames(plugins.useNames()));
    problems.addAll(config.checkProviders(plugins));
    if (config.customRouterPath() != null) {
      try {
        CustomRouterLoader.load(config.customRouterPath(), config, loader);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    return problems;
  }

  /** A router for the config file at {@code file}. */
  public static ClaudeCodeRouter fromConfig(Path file) {
    return builder().config(CcrConfig.load(file)).build();
  }

  /** A router for config text in config.json's format. */
  public static ClaudeCodeRouter fromConfigString(String json5) {
    return builder().config(CcrConfig.parse(json5)).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public CcrConfig config() {
    return config;
  }

  public PluginRegistry plugins() {
    return plugins;
  }

  /** Where {@code request} would go, without sending anything. */
  public Route route(MessagesRequest request) {
    return route(request, null);
  }

  /** Where {@code request} would go; {@code sessionHeader} is the {@code x-claude-code-session-id} value, if any. */
  public Route route(MessagesRequest request, String sessionHeader) {
    RoutingContext ctx = new RoutingContext(request, SessionIds.of(request, sessionHeader), config, tokenCounter);
    Route route = router.route(ctx);
    if (ctx.tokensCounted()) sessions.record(route.sessionId(), ctx.tokenCount()); // until the provider reports usage
    log.info("route {} -> {} ({}: {})", request.model(), route.target(), route.scenario(), route.reason());
    return route;
  }

  /** Routes and sends {@code request}, and returns the whole response. */
  public MessagesResponse send(MessagesRequest request) {
    return send(request, route(request));
  }

  /**
   * Sends {@code request} along {@code route}, retrying and falling back as configured; a provider
   * that streams anyway is read to the end.
   */
  public MessagesResponse send(MessagesRequest request, Route route) {
    MessagesRequest stripped = SubagentTag.strip(request);
    return attempts(route, (candidate, key) -> sendOnce(stripped, candidate, key));
  }

  private MessagesResponse sendOnce(MessagesRequest request, Route route, String key) {
    MessagesRequest routed = request.toBuilder().model(route.model()).stream(false).build();
    UpstreamReply reply = call(routed, route, key);
    Provider provider = provider(route.provider(), key);
    if (reply instanceof UpstreamReply.Body body) {
      MessagesResponse response = provider.readResponse(body.body(), route);
      remember(route, response.usage());
      return response;
    }
    MessageAccumulator acc = new MessageAccumulator();
    try (EventStream<StreamEvent> events = new DecodedStream(((UpstreamReply.Events) reply).events(),
        provider.newStreamDecoder(route))) {
      for (StreamEvent e : events) acc.accept(e);
    }
    ApiError error = acc.error();
    if (error != null) {
      throw new ProviderException(route.provider(), route.model(), 502, error.message(), Map.of(), null);
    }
    remember(route, acc.message().usage());
    return acc.message();
  }

  /** Routes and sends {@code request}, returning its events as they arrive. Close the stream when done. */
  public EventStream<StreamEvent> stream(MessagesRequest request) {
    return stream(request, route(request));
  }

  /**
   * Sends {@code request} along {@code route} as a stream. Failures before the first event are
   * retried and fall back like {@link #send}, and throw when nothing worked; one after it arrives as
   * an {@code error} event that ends the stream.
   */
  public EventStream<StreamEvent> stream(MessagesRequest request, Route route) {
    MessagesRequest stripped = SubagentTag.strip(request);
    return attempts(route, (candidate, key) -> streamOnce(stripped, candidate, key));
  }

  private EventStream<StreamEvent> streamOnce(MessagesRequest request, Route route, String key) {
    MessagesRequest routed = request.toBuilder().model(route.model()).stream(true).build();
    UpstreamReply reply = call(routed, route, key);
    Provider provider = provider(route.provider(), key);
    EventStream<StreamEvent> events;
    if (reply instanceof UpstreamReply.Events upstream) {
      DecodedStream decoded = new DecodedStream(upstream.events(), provider.newStreamDecoder(route));
      // Wait for the first event here, so a failure before anything reaches the client can be retried.
      decoded.hasNext();
      if (decoded.failure() instanceof ProviderException e) { // the first event would be that error
        decoded.close();
        throw e;
      }
      events = decoded;
    } else {
      MessagesResponse response = provider.readResponse(((UpstreamReply.Body) reply).body(), route);
      events = EventStream.of(StreamEvents.of(response).iterator(), () -> {});
    }
    if (route.sessionId() == null) return events;
    Usage[] usage = new Usage[1];
    return events.map(e -> {
      if (e instanceof StreamEvent.MessageStart s) usage[0] = s.message().usage();
      if (e instanceof StreamEvent.MessageDelta d) usage[0] = usage[0] == null ? d.usage() : usage[0].updatedBy(d.usage());
      if (e instanceof StreamEvent.MessageStop) remember(route, usage[0]);
      return e;
    });
  }

  /**
   * Forwards the client's bytes untouched when {@code route}'s provider speaks the client's format
   * and no transformer needs to see them; empty otherwise, and the request takes the normal path.
   * The body is re-encoded (losslessly) only when the model or a subagent tag must change.
   */
  public Optional<ForwardedReply> forward(MessagesRequest request, byte[] body, Map<String, String> clientHeaders,
      Route route) {
    ProviderConfig pc = config.provider(route.provider())
        .orElseThrow(() -> new NoRouteException("provider \"" + route.provider() + "\" is not configured"));
    if (!(provider(route.provider()) instanceof Provider.Forwarding forwarding)) return Optional.empty();
    if (!transformers(pc, route.model()).isEmpty()) return Optional.empty();
    MessagesRequest stripped = SubagentTag.strip(request);
    byte[] bytes = stripped != request || !route.model().equals(request.model())
        ? AnthropicJson.write(stripped.withModel(route.model())).getBytes(java.nio.charset.StandardCharsets.UTF_8)
        : body;
    // Retried like any call, on this route only: a fallback may not speak the client's format.
    return Optional.of(attempts(List.of(route), (candidate, key) -> forwardOnce(bytes, clientHeaders, candidate, key)));
  }

  private ForwardedReply forwardOnce(byte[] bytes, Map<String, String> clientHeaders, Route route, String key) {
    Provider.Forwarding forwarding = (Provider.Forwarding) provider(route.provider(), key);
    UpstreamRequest.Raw raw = forwarding.forward(bytes, clientHeaders, route);
    Map<String, String> extra = entryHeaders(route.provider());
    if (!extra.isEmpty()) {
      Map<String, String> headers = new java.util.LinkedHashMap<>(raw.headers());
      headers.putAll(extra);
      raw = new UpstreamRequest.Raw(raw.url(), headers, raw.body());
    }
    ForwardedReply reply = transport.forward(raw, route.provider(), route.model());
    if (reply.status() >= 400) {
      // Errors take the same path as every other provider's: typed, and naming provider and model.
      try (reply) {
        String text = new String(reply.body().readNBytes(1 << 20), java.nio.charset.StandardCharsets.UTF_8);
        throw ProviderErrors.from(route.provider(), route.model(), reply.status(), reply.headers(), text);
      } catch (IOException e) {
        throw new ProviderException(route.provider(), route.model(), reply.status(),
            route.target() + " answered HTTP " + reply.status(), reply.headers(), e);
      }
    }
    return reply;
  }

  /** What one try of one candidate does. */
  private interface Attempt<T> {
    T run(Route candidate, String key);
  }

  /**
   * Tries {@code primary}, then each fallback of its scenario: each candidate up to the configured
   * attempts while its errors are retryable (with exponential backoff and jitter, honouring
   * Retry-After up to a cap), skipping candidates whose circuit is open unless it is the last.
   */
  private <T> T attempts(Route primary, Attempt<T> attempt) {
    return attempts(candidates(primary), attempt);
  }

  private <T> T attempts(List<Route> candidates, Attempt<T> attempt) {
    Resilience r = config.resilience();
    Route primary = candidates.get(0);
    ProviderException last = null;
    for (int c = 0; c < candidates.size(); c++) {
      Route candidate = candidates.get(c);
      CircuitBreaker breaker = breakers.computeIfAbsent(candidate.target(),
          k -> new CircuitBreaker(r.breakerFailures(), r.breakerOpenMs()));
      if (!breaker.allow() && c < candidates.size() - 1) {
        log.warn("{} skipped: its circuit is open after repeated failures", candidate.target());
        continue;
      }
      KeyPool keys = keyPool(candidate.provider());
      for (int i = 1; i <= r.attempts(); i++) {
        String key = keys.next();
        try {
          T result = attempt.run(candidate, key);
          breaker.success();
          return result;
        } catch (ProviderException e) {
          last = e;
          boolean keyProblem = e.upstreamStatus() == 401 || e.upstreamStatus() == 403 || e.upstreamStatus() == 429;
          if (keyProblem && keys.size() > 1) keys.rest(key, restFor(e));
          boolean anotherKey = keyProblem && keys.hasAnotherReady(key);
          // The circuit tracks whether the provider is up: one key's refusal or a bad request is not an outage.
          if (e.retryable() && !anotherKey) breaker.failure();
          if ((!e.retryable() && !anotherKey) || i == r.attempts()) break;
          long wait = anotherKey ? 0 : backoffMillis(i, e, r);
          if (wait < 0) break; // the provider asked for a longer wait than we will hold the client
          log.info("{} failed ({}); try {} of {} in {} ms", candidate.target(), e.getMessage(), i + 1, r.attempts(), wait);
          sleep(wait);
        }
      }
      if (c < candidates.size() - 1) log.warn("{} failed; falling back to {}", candidate.target(), candidates.get(c + 1).target());
    }
    throw last != null ? last : new NoRouteException("every candidate for " + primary.target() + " has an open circuit");
  }

  /** The route, then its own fallback list, or else the {@code fallback} entries for its scenario. */
  private List<Route> candidates(Route primary) {
    List<Route> out = new ArrayList<>();
    out.add(primary);
    List<RouteTarget> targets = !primary.fallback().isEmpty() ? primary.fallback()
        : config.fallback().getOrDefault(primary.scenario(), List.of());
    for (RouteTarget t : targets) {
      Route fallback = new Route(t.provider(), t.model(), primary.scenario(), "fallback after " + primary.target(),
          primary.sessionId());
      if (!out.stream().anyMatch(x -> x.target().equals(fallback.target()))) out.add(fallback);
    }
    return out;
  }

  private static Duration restFor(ProviderException e) {
    if (e instanceof RateLimitedException rl && rl.retryAfter() != null) return rl.retryAfter();
    return e.upstreamStatus() == 429 ? Duration.ofSeconds(30) : Duration.ofMinutes(10);
  }

  /** Exponential backoff with full jitter; Retry-After when given, or -1 when it is over the cap. */
  static long backoffMillis(int attempt, ProviderException e, Resilience r) {
    if (e instanceof RateLimitedException rl && rl.retryAfter() != null) {
      long asked = rl.retryAfter().toMillis();
      return asked > r.maxRetryAfterMs() ? -1 : asked;
    }
    long ceiling = Math.min(r.maxBackoffMs(), r.initialBackoffMs() << Math.min(20, attempt - 1));
    return ceiling / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("ccr", "-", 0, "interrupted while waiting to retry", Map.of(), e);
    }
  }

  private KeyPool keyPool(String provider) {
    return keyPools.computeIfAbsent(provider.toLowerCase(java.util.Locale.ROOT), k -> new KeyPool(
        config.provider(provider).map(ProviderConfig::apiKeys).orElse(List.of())));
  }

  private UpstreamReply call(MessagesRequest routed, Route route, String key) {
    ProviderConfig pc = config.provider(route.provider())
        .orElseThrow(() -> new NoRouteException("provider \"" + route.provider() + "\" is not configured"));
    Provider provider = provider(route.provider(), key);
    UpstreamRequest upstream = provider.prepare(routed, route);
    for (Map.Entry<String, String> h : entryHeaders(route.provider()).entrySet()) {
      upstream = upstream.withHeader(h.getKey(), h.getValue());
    }
    try {
      return new TransformerChain(transformers(pc, route.model()), upstream, routed, route, pc, transport,
          config.resilience()).run();
    } catch (IOException e) {
      throw new ProviderException(route.provider(), route.model(), 0,
          route.target() + ": " + e.getMessage(), Map.of(), e);
    }
  }

  /** The provider implementation for a configured entry: named in its use list, else by host, else OpenAI-compatible. */
  /** The entry's {@code "headers"} object: extra HTTP headers for every provider, added in this one place. */
  private Map<String, String> entryHeaders(String provider) {
    return entryHeaders.computeIfAbsent(provider.toLowerCase(java.util.Locale.ROOT), k -> readHeaders(provider));
  }

  private Map<String, String> readHeaders(String provider) {
    dev.ccr.json.JsonObject headers = config.provider(provider).map(p -> p.raw().getObject("headers")).orElse(null);
    if (headers == null) return Map.of();
    Map<String, String> out = new java.util.LinkedHashMap<>();
    headers.members().forEach((k, v) -> out.put(k, v.asString() != null ? v.asString() : v.toJson()));
    return out;
  }

  /** The provider implementation for a configured entry, when no call is made (no key is taken from its pool). */
  private Provider provider(String name) {
    List<String> keys = config.provider(name).map(ProviderConfig::apiKeys).orElse(List.of());
    return provider(name, keys.isEmpty() ? null : keys.get(0));
  }

  /** The provider implementation for a configured entry, for one key of its pool. */
  private Provider provider(String name, String key) {
    return providers.computeIfAbsent(name.toLowerCase(java.util.Locale.ROOT) + "\u0000" + key, k -> {
      ProviderConfig pc = config.provider(name).orElseThrow(
          () -> new NoRouteException("provider \"" + name + "\" is not configured"));
      Provider.Factory f = plugins.providerFor(pc).orElseThrow(() -> new ConfigException(
          "provider \"" + pc.name() + "\" has no implementation (is ccr-providers on the class path?)"));
      ProviderConfig withKey = key == null ? pc : pc.withApiKey(key);
      return f.create(withKey.apiBaseUrl() != null ? withKey : withKey.withApiBaseUrl(f.defaultBaseUrl(withKey)));
    });
  }

  private List<Transformer> transformers(ProviderConfig pc, String model) {
    return chains.computeIfAbsent(pc.name() + "\u0000" + model, k -> {
      List<Transformer> list = new ArrayList<>();
      List<TransformerUse> uses = new ArrayList<>(provider(pc.name()).transformers(model));
      uses.addAll(pc.transformersFor(model));
      for (TransformerUse use : uses) {
        Optional<Transformer.Factory> f = plugins.transformer(use.name());
        if (f.isPresent()) list.add(f.get().create(use.options()));
        // Otherwise it names the provider implementation itself, such as "openrouter".
      }
      return List.copyOf(list);
    });
  }

  /** Input tokens of {@code request} as the routing rules count them ({@code cl100k_base}); serves count_tokens. */
  public int countTokens(MessagesRequest request) {
    return tokenCounter.applyAsInt(request);
  }

  /** Remembers how big the session's turn was, for the long-context rule. */
  private void remember(Route route, Usage usage) {
    if (route.sessionId() == null || usage == null) return;
    int total = (usage.inputTokens() == null ? 0 : usage.inputTokens())
        + (usage.cacheReadInputTokens() == null ? 0 : usage.cacheReadInputTokens())
        + (usage.cacheCreationInputTokens() == null ? 0 : usage.cacheCreationInputTokens());
    sessions.record(route.sessionId(), total);
  }

  /** Upstream connections open now, and how many of them are idle in the pool; for leak checks. */
  public int[] upstreamConnections() {
    return new int[] {transport.client().connectionPool().connectionCount(),
        transport.client().connectionPool().idleConnectionCount()};
  }

  @Override
  public void close() {
    transport.close();
  }

  /** Builds a {@link ClaudeCodeRouter}. */
  public static final class Builder {
    private CcrConfig config;
    private PluginRegistry plugins;
    private okhttp3.OkHttpClient httpClient;
    private final List<Router> routers = new ArrayList<>();
    private ToIntFunction<MessagesRequest> tokenCounter;

    private Builder() {}

    /** The configuration; {@code ~/.claude-code-router/config.json} when not given. */
    public Builder config(CcrConfig config) {
      this.config = config;
      return this;
    }

    /**
     * The plug-ins; when not given, those on the class path ({@link java.util.ServiceLoader}) plus
     * the jars the config names and those in {@code ~/.claude-code-router/plugins}.
     */
    public Builder plugins(PluginRegistry plugins) {
      this.plugins = plugins;
      return this;
    }

    /** A router asked after the image rule and before the other built-in rules, after earlier ones. */
    public Builder router(Router router) {
      this.routers.add(router);
      return this;
    }

    /** The HTTP client for upstream calls, to share a connection pool with the host application. */
    public Builder httpClient(okhttp3.OkHttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /** Counts a request's input tokens for routing rules. */
    public Builder tokenCounter(ToIntFunction<MessagesRequest> tokenCounter) {
      this.tokenCounter = tokenCounter;
      return this;
    }

    public ClaudeCodeRouter build() {
      return new ClaudeCodeRouter(this);
    }
  }
}
