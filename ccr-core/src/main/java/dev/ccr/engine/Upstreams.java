package dev.ccr.engine;

import dev.ccr.ConfigException;
import dev.ccr.NoRouteException;
import dev.ccr.config.CcrConfig;
import dev.ccr.config.ProviderConfig;
import dev.ccr.config.TransformerUse;
import dev.ccr.json.JsonObject;
import dev.ccr.routing.Route;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.spi.Provider;
import dev.ccr.spi.Transformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every route target's {@link Upstream}, made on first use and kept: the provider implementation,
 * transformer chain, headers and keys are looked up once, not on every call.
 */
final class Upstreams {
  private final CcrConfig config;
  private final PluginRegistry plugins;
  private final Clock clock;
  private final dev.ccr.state.StateStore state;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Upstream> targets = new ConcurrentHashMap<>();

  Upstreams(CcrConfig config, PluginRegistry plugins, Clock clock, dev.ccr.state.StateStore state) {
    this.config = config;
    this.plugins = plugins;
    this.clock = clock;
    this.state = state;
  }

  /** The upstream for {@code route}'s provider and model; a provider not in the config is a {@link NoRouteException}. */
  Upstream of(Route route) {
    Upstream known = targets.get(route.target());
    if (known != null) return known;
    Entry entry = entries.computeIfAbsent(route.provider().toLowerCase(Locale.ROOT), k -> entry(route.provider(), state));
    return targets.computeIfAbsent(route.target(), k -> new Upstream(entry, route.model(), chain(entry, route.model()),
        new CircuitBreaker(route.target(), config.resilience().breakerFailures(), config.resilience().breakerOpenMs(),
            clock, state)));
  }

  /**
   * A fresh upstream for {@code route}, not kept: the provider's real implementation, transformer
   * chain and keys, but a circuit and key pool of its own, so calls through it (a provider test)
   * open no circuit and rest no key of the live router.
   */
  Upstream detached(Route route) {
    Entry entry = entry(route.provider(), new dev.ccr.state.LocalStateStore(clock::now));
    return new Upstream(entry, route.model(), chain(entry, route.model()), new CircuitBreaker(Integer.MAX_VALUE,
        config.resilience().breakerOpenMs(), clock));
  }

  /** Each target called so far ({@code provider,model}), and whether its circuit is open now. */
  Map<String, Boolean> circuits() {
    Map<String, Boolean> out = new java.util.TreeMap<>();
    targets.forEach((target, u) -> out.put(target, u.breaker.isOpen()));
    return out;
  }

  /** The entry for provider {@code name}, its keys resting in {@code keyState}. */
  private Entry entry(String name, dev.ccr.state.StateStore keyState) {
    ProviderConfig pc = config.provider(name)
        .orElseThrow(() -> new NoRouteException("provider \"" + name + "\" is not configured"));
    Provider.Factory factory = plugins.providerFor(pc).orElseThrow(() -> new ConfigException(
        "provider \"" + pc.name() + "\" has no implementation (is ccr-providers on the class path?)"));
    return new Entry(pc, factory, headers(pc), new KeyPool(pc.name(), pc.apiKeys(), clock, keyState));
  }

  /** The entry's {@code "headers"} object: extra HTTP headers for every provider, added in this one place. */
  private static Map<String, String> headers(ProviderConfig pc) {
    JsonObject headers = pc.raw().getObject("headers");
    if (headers == null) return Map.of();
    Map<String, String> out = new LinkedHashMap<>();
    headers.members().forEach((k, v) -> out.put(k, v.asString() != null ? v.asString() : v.toJson()));
    return Map.copyOf(out);
  }

  /** The provider implementation's own transformers for {@code model}, then the entry's. */
  private List<Transformer> chain(Entry entry, String model) {
    List<TransformerUse> uses = new ArrayList<>(entry.provider(entry.firstKey()).transformers(model));
    uses.addAll(entry.config.transformersFor(model));
    List<Transformer> list = new ArrayList<>();
    for (TransformerUse use : uses) {
      Optional<Transformer.Factory> f = plugins.transformer(use.name());
      if (f.isPresent()) list.add(f.get().create(use.options()));
      // Otherwise it names the provider implementation itself, such as "openrouter".
    }
    return List.copyOf(list);
  }

  /** One configured provider entry: shared by its models, as its keys are. */
  static final class Entry {
    final ProviderConfig config;
    final Map<String, String> headers;
    final KeyPool keys;
    private final Provider.Factory factory;
    /** One implementation per key of the pool; the key is part of its config. */
    private final Map<String, Provider> byKey = new ConcurrentHashMap<>();

    Entry(ProviderConfig config, Provider.Factory factory, Map<String, String> headers, KeyPool keys) {
      this.config = config;
      this.factory = factory;
      this.headers = headers;
      this.keys = keys;
    }

    String firstKey() {
      List<String> all = config.apiKeys();
      return all.isEmpty() ? null : all.get(0);
    }

    Provider provider(String key) {
      return byKey.computeIfAbsent(key == null ? "" : key, k -> {
        ProviderConfig withKey = key == null ? config : config.withApiKey(key);
        return factory.create(withKey.apiBaseUrl() != null ? withKey : withKey.withApiBaseUrl(factory.defaultBaseUrl(withKey)));
      });
    }
  }

  /**
   * A provider whose key names a variable that was not set when the config was read: it is never
   * called with the literal "$VAR" text. Not worth retrying, not an outage (the circuit stays shut);
   * the next fallback candidate, if any, is tried. The client sees a 403 permission_error: a 5xx
   * would make Anthropic clients retry a request that cannot succeed until ccr is restarted.
   */
  static final class UnsetKeyException extends dev.ccr.ProviderException {
    UnsetKeyException(ProviderConfig config) {
      super(config.name(), "-", 403, "ccr has no key for provider \"" + config.name() + "\": its api_key names "
          + String.join(", ", config.unsetKeyVariables()) + ", which is not set in the environment ccr runs in; "
          + "set it there and restart ccr (ccr restart)", Map.of(), null);
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /** One provider and model as a route names them: what a call there needs, and its circuit. */
  static final class Upstream {
    final Entry entry;
    final String model;
    final List<Transformer> transformers;
    final CircuitBreaker breaker;

    Upstream(Entry entry, String model, List<Transformer> transformers, CircuitBreaker breaker) {
      this.entry = entry;
      this.model = model;
      this.transformers = transformers;
      this.breaker = breaker;
    }

    /** The implementation a call uses, for one key of the pool. */
    Provider provider(String key) {
      if (!entry.config.unsetKeyVariables().isEmpty()) throw new UnsetKeyException(entry.config);
      return entry.provider(key);
    }

    KeyPool keys() {
      return entry.keys;
    }

    /** True when the client's bytes may go as they are: the provider speaks the client's format and no transformer needs to see them. */
    boolean forwardsBytes() {
      return transformers.isEmpty() && entry.provider(entry.firstKey()) instanceof Provider.Forwarding;
    }
  }
}
