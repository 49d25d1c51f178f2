package dev.ccr;

import dev.ccr.alerts.Guards;
import dev.ccr.config.CcrConfig;
import dev.ccr.engine.Clock;
import dev.ccr.engine.Engine;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.project.ClaudeTranscripts;
import dev.ccr.project.ProjectTables;
import dev.ccr.routing.BudgetSource;
import dev.ccr.routing.CustomRouterLoader;
import dev.ccr.routing.RouteExplanation;
import dev.ccr.routing.Route;
import dev.ccr.routing.ScenarioRouter;
import dev.ccr.routing.SessionMemory;
import dev.ccr.routing.TokenCounter;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.spi.Router;
import dev.ccr.state.LocalStateStore;
import dev.ccr.state.StateStore;
import dev.ccr.state.UsageCounts;
import dev.ccr.usage.PriceTable;
import dev.ccr.usage.UsageLedger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Routes Anthropic Messages requests to the configured providers: {@link #route} says where a
 * request would go, {@link #send} and {@link #stream} send it and translate the answer back, and
 * {@link #exchange} does what a proxy needs in one call. Sending is the {@link Engine}'s work.
 * Thread-safe; build one and share it.
 */
public final class ClaudeCodeRouter implements AutoCloseable {
  private final CcrConfig config;
  private final PluginRegistry plugins;
  private final RequestRouting routing;
  private final ToIntFunction<MessagesRequest> tokenCounter;
  private final StateStore state;
  private final boolean ownsState;
  private final AutoCloseable usagePublisher;
  private final dev.ccr.limits.RateLimits rateLimits;
  private final dev.ccr.cache.ResponseCache cache;
  private final Clock clock;
  private final Engine engine;
  private final UsageLedger usage;
  private final boolean ownsUsage;
  private final Guards guards;

  private ClaudeCodeRouter(Builder b) {
    this.config = b.config != null ? b.config : CcrConfig.load(CcrConfig.defaultPath());
    this.plugins = b.plugins != null ? b.plugins
        : PluginRegistry.forConfig(config.transformerPlugins(), ClaudeCodeRouter.class.getClassLoader());
    List<String> problems = ConfigChecks.problems(config, plugins);
    if (!problems.isEmpty()) throw new ConfigException(problems);
    List<ScenarioRouter.NamedRouter> custom = RequestRouting.customRouters(config, b.routers, plugins);
    this.ownsUsage = b.usage == null;
    this.usage = b.usage != null ? b.usage : UsageLedger.forConfig(config, b.clock.now());
    this.guards = Guards.of(config, usage, b.clock);
    this.clock = b.clock;
    this.rateLimits = dev.ccr.limits.RateLimits.of(config);
    this.cache = dev.ccr.cache.ResponseCache.of(config, b.cacheStore, b.cacheCounters, b.clock::now);
    this.ownsState = b.state == null;
    this.state = b.state != null ? b.state : new LocalStateStore(b.clock::now);
    SessionMemory sessions = new SessionMemory(state);
    this.usagePublisher = state.shared() ? publishUsage(usage, state) : () -> {};
    // Budgets are ccr-wide: a rule's budget_used reads the same figure for every session unless the host says otherwise.
    BudgetSource budget = b.budget != null ? b.budget : session -> guards.percentUsed();
    ProjectTables projects = new ProjectTables(config, b.ccrHome != null ? b.ccrHome : CcrConfig.home(),
        b.claudeHome != null ? b.claudeHome : ClaudeTranscripts.claudeHome(System::getenv), b.clock);
    this.tokenCounter = b.tokenCounter != null ? b.tokenCounter : new TokenCounter()::count;
    this.routing = new RequestRouting(config, custom, sessions, b.wallClock, budget, tokenCounter, projects, guards);
    PriceTable prices = PriceTable.forConfig(config);
    this.engine = new Engine(config, plugins, b.httpClient, b.clock, sessions, usage, prices, state);
  }

  /**
   * Every problem that would stop a router being built from {@code config}: its plug-in jars, the
   * transformer and provider names its entries use, and its custom router; the same checks start-up
   * runs, all reported at once, for {@code ccr validate}. Empty when none.
   */
  public static List<String> check(CcrConfig config) {
    ClassLoader loader = ClaudeCodeRouter.class.getClassLoader();
    List<String> problems = ConfigChecks.problems(config, PluginRegistry.forConfig(config.transformerPlugins(), loader));
    if (config.customRouterPath() != null) {
      try {
        CustomRouterLoader.load(config.customRouterPath(), config, loader);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    return problems;
  }

  /** Tells a shared store this instance's usage by route now and after every exchange the ledger takes in. */
  private static AutoCloseable publishUsage(UsageLedger usage, StateStore state) {
    Runnable publish = () -> {
      Map<String, UsageCounts> mine = new java.util.HashMap<>();
      usage.byRoute().forEach((route, totals) -> mine.put(route, UsageCounts.of(totals)));
      state.publishUsage(mine);
    };
    publish.run();
    return usage.subscribe(r -> publish.run());
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

  /** Every exchange's usage record, and sums over them. */
  public UsageLedger usage() {
    return usage;
  }

  /** Where sessions, resting keys, open circuits, rate-limit windows and shared usage are kept. */
  public StateStore state() {
    return state;
  }

  /**
   * Usage sums by route over every instance sharing this router's {@link #state()}: this instance's
   * own ({@link UsageLedger#byRoute}) with local state, within seconds of the other instances' with shared state.
   */
  public Map<String, dev.ccr.usage.Totals> combinedUsage() {
    Map<String, dev.ccr.usage.Totals> mine = usage.byRoute();
    if (!state.shared()) return mine;
    Map<String, dev.ccr.usage.Totals> out = new java.util.TreeMap<>();
    dev.ccr.usage.Totals none = dev.ccr.usage.Totals.none();
    state.combinedUsage().forEach((route, counts) -> out.put(route, counts.over(mine.getOrDefault(route, none))));
    return out;
  }

  /** The config's budget and monitoring alerts, as they stand. */
  public Guards guards() {
    return guards;
  }

  /**
   * The last upstream calls (about {@value dev.ccr.capture.UpstreamCaptures#DEFAULT_CAPACITY}) as sent
   * and answered, by the request id the host gave; null when the config says {@code "UPSTREAM_CAPTURE": false}.
   */
  public dev.ccr.capture.UpstreamCaptures upstreamCaptures() {
    return engine.captures();
  }

  /** Each target called so far ({@code provider,model}), and whether its circuit is open (calls skip it) now. */
  public Map<String, Boolean> circuits() {
    return engine.circuits();
  }

  /** Where {@code request} would go, without sending anything. */
  public Route route(MessagesRequest request) {
    return route(request, null);
  }

  /** Where {@code request} would go; {@code sessionHeader} is the {@code x-claude-code-session-id} value, if any. */
  public Route route(MessagesRequest request, String sessionHeader) {
    return routing.route(request, sessionHeader);
  }

  /**
   * Where {@code request} would go and why, without sending it or remembering anything: the Router
   * table used, the custom routers and routing rules tried, the request's routing facts, and what the
   * budget and monitoring guards make of the decision, as {@link #route} applies them.
   */
  public RouteExplanation explain(MessagesRequest request, String sessionHeader) {
    return routing.explain(request, sessionHeader);
  }

  /**
   * Counts {@code request}, routed along {@code route} and sent with {@code clientKey} (null when
   * none), against {@code RATE_LIMITS}; a {@link LimitExceededException} (429, with the seconds to
   * wait) when a limit is reached, before anything is sent. Nothing to do without limits.
   */
  public void admit(MessagesRequest request, Route route, String clientKey) {
    if (rateLimits.isEmpty()) return;
    rateLimits.admit(route, clientKey, () -> tokenCounter.applyAsInt(request), state, clock.now());
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
    return engine.send(request, Map.of(), route);
  }

  /**
   * Sends {@code request} to {@code route}'s target once, through its transformers with its first
   * key, leaving no trace: no retry or fallback, circuit, key rest, rate limit, cache or usage record.
   */
  public MessagesResponse probe(MessagesRequest request, Route route) {
    return engine.probe(request, route);
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
    return engine.stream(request, Map.of(), route).events();
  }

  /**
   * Sends a client's request along {@code route} the way its target takes it: {@code body}, the
   * client's bytes, forwarded untouched when the provider speaks the client's format and no
   * transformer needs to see them; otherwise translated, as a stream when the request asks for one.
   * {@code clientHeaders} (lower-case names) may carry {@code anthropic-version} and {@code
   * anthropic-beta}, which reach any upstream that speaks Anthropic, and ccr's own {@link
   * dev.ccr.cache.ResponseCache#CLIENT_KEY} and {@link dev.ccr.cache.ResponseCache#PRESET}, which
   * scope the response cache and go no further. Close the reply when done.
   */
  public Reply exchange(MessagesRequest request, byte[] body, Map<String, String> clientHeaders, Route route) {
    dev.ccr.cache.ResponseCache.Lookup cached = cacheLookup(request, clientHeaders, route);
    Map<String, String> toProvider = dev.ccr.cache.ResponseCache.withoutScope(clientHeaders);
    if (cached == null) return engine.exchange(request, body, toProvider, route);
    Reply hit = cached.hit();
    if (hit != null) return engine.replay(hit, toProvider, route);
    // A cached answer is kept as events or a message, so this one is read that way, not forwarded as bytes.
    return cached.record(request.isStream() ? engine.stream(request, toProvider, route)
        : new Reply.Message(engine.send(request, toProvider, route)));
  }

  private dev.ccr.cache.ResponseCache.Lookup cacheLookup(MessagesRequest request, Map<String, String> clientHeaders,
      Route route) {
    return cache.lookupFor(request, route, clientHeaders, config.provider(route.provider()).orElse(null));
  }

  /** What the response cache ({@code caching}) did since this router started. */
  public dev.ccr.cache.CacheStats cacheStats() {
    return cache.stats();
  }

  /**
   * Sends the translation of a client that speaks another API (OpenAI Chat Completions, say) along
   * {@code route}: retried, fallen back and logged like {@link #exchange(MessagesRequest, byte[], Map,
   * Route)}, never as forwarded bytes. {@code first} runs ahead of the route's transformers on every
   * call, where it may put the client's own body back for an upstream that speaks the client's format.
   * Close the reply when done.
   */
  public Reply exchangeTranslated(MessagesRequest request, dev.ccr.spi.Transformer first, Map<String, String> clientHeaders,
      Route route) {
    dev.ccr.cache.ResponseCache.Lookup cached = cacheLookup(request, clientHeaders, route);
    Map<String, String> toProvider = dev.ccr.cache.ResponseCache.withoutScope(clientHeaders);
    if (cached == null) return engine.exchangeTranslated(request, first, toProvider, route);
    Reply hit = cached.hit();
    return hit != null ? engine.replay(hit, toProvider, route)
        : cached.record(engine.exchangeTranslated(request, first, toProvider, route));
  }

  /** Input tokens of {@code request} as the routing rules count them ({@code cl100k_base}); serves count_tokens. */
  public int countTokens(MessagesRequest request) {
    return routing.countTokens(request);
  }

  @Override
  public void close() {
    guards.close();
    try {
      usagePublisher.close();
    } catch (Exception e) {
      // a ledger subscription's close does not fail
    }
    engine.close();
    cache.close();
    if (ownsState) state.close();
    plugins.close();
    if (ownsUsage) usage.close();
  }

  /** Builds a {@link ClaudeCodeRouter}. */
  public static final class Builder {
    private CcrConfig config;
    private PluginRegistry plugins;
    private okhttp3.OkHttpClient httpClient;
    private final List<Router> routers = new ArrayList<>();
    private ToIntFunction<MessagesRequest> tokenCounter;
    private Clock clock = Clock.SYSTEM;
    private Path ccrHome;
    private Path claudeHome;
    private java.time.Clock wallClock = java.time.Clock.systemDefaultZone();
    private BudgetSource budget;
    private UsageLedger usage;
    private StateStore state;
    private dev.ccr.cache.CacheStore cacheStore;
    private dev.ccr.cache.CacheCounters cacheCounters;

    private Builder() {}

    /** Where the response cache counts hits, misses and tokens saved; a host keeps one across reloads. Its own when not given. */
    public Builder cacheCounters(dev.ccr.cache.CacheCounters cacheCounters) {
      this.cacheCounters = cacheCounters;
      return this;
    }

    /**
     * Where the response cache keeps answers when {@code caching} is on, to share them with other
     * instances; in this process (within {@code caching.maxCacheSize}) when not given.
     */
    public Builder cacheStore(dev.ccr.cache.CacheStore cacheStore) {
      this.cacheStore = cacheStore;
      return this;
    }

    /**
     * Where sessions, resting keys, open circuits, rate-limit windows and usage are kept, to share
     * them with other instances (or routers); {@link #close} leaves it open. ccr keeps its own in
     * this process when not given.
     */
    public Builder state(StateStore state) {
      this.state = state;
      return this;
    }

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

    /**
     * The HTTP client for upstream calls, to share a connection pool with the host application;
     * {@link #close} leaves it open. ccr makes and closes its own when not given.
     */
    public Builder httpClient(okhttp3.OkHttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /** Counts a request's input tokens for routing rules. */
    public Builder tokenCounter(ToIntFunction<MessagesRequest> tokenCounter) {
      this.tokenCounter = tokenCounter;
      return this;
    }

    /** The clock retries wait on and circuits and resting keys count with; the system's when not given. */
    public Builder clock(Clock clock) {
      this.clock = java.util.Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Where per-project and per-session Router tables are looked for: ccr's folder ({@code
     * ~/.claude-code-router}, holding the original's {@code <project-folder>/config.json} files) and
     * Claude Code's ({@code ~/.claude}, holding the transcripts that say a session's project).
     */
    public Builder projectHomes(Path ccrHome, Path claudeHome) {
      this.ccrHome = java.util.Objects.requireNonNull(ccrHome, "ccrHome");
      this.claudeHome = java.util.Objects.requireNonNull(claudeHome, "claudeHome");
      return this;
    }

    /** The time of day routing rules see as {@code hour} (in the clock's zone); the system's when not given. */
    public Builder wallClock(java.time.Clock wallClock) {
      this.wallClock = java.util.Objects.requireNonNull(wallClock, "wallClock");
      return this;
    }

    /** What routing rules see as {@code budget_used}; when not given, the share of {@code budgetControl}'s limits spent. */
    public Builder budget(dev.ccr.routing.BudgetSource budget) {
      this.budget = java.util.Objects.requireNonNull(budget, "budget");
      return this;
    }

    /**
     * The ledger exchanges are recorded in, to keep one across routers (a reloaded config) or to
     * share with the host; {@link #close} leaves it open. ccr makes and closes its own when not given.
     */
    public Builder usage(UsageLedger usage) {
      this.usage = usage;
      return this;
    }

    public ClaudeCodeRouter build() {
      return new ClaudeCodeRouter(this);
    }
  }
}
