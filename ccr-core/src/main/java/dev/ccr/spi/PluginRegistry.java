package dev.ccr.spi;

import dev.ccr.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place plug-ins are found: {@link Transformer.Factory}, {@link Provider.Factory} and
 * {@link Router.Factory} implementations from {@link ServiceLoader}, then those of the plug-in jars
 * a config names (see {@link #forConfig}), then any registered through the builder; each later
 * source wins over an earlier one for the same name. A class-path plug-in that fails to load is
 * logged and skipped, a named jar that fails is a {@link ConfigException}; two plug-ins of one kind
 * from one source claiming the same name is an error.
 */
public final class PluginRegistry {
  private static final Logger log = LoggerFactory.getLogger(PluginRegistry.class);

  private final Map<String, Transformer.Factory> transformers;
  private final Map<String, Provider.Factory> providers;
  private final Map<String, Router.Factory> routers;
  private final List<String> problems = new ArrayList<>();
  private final List<java.net.URLClassLoader> jarLoaders;

  private PluginRegistry(Builder b) {
    ClassLoader loader = b.classLoader != null ? b.classLoader : PluginRegistry.class.getClassLoader();
    List<Transformer.Factory> jarTransformers = new ArrayList<>();
    List<Provider.Factory> jarProviders = new ArrayList<>();
    if (b.jars != null) {
      PluginJars.Loaded jars = PluginJars.load(b.jars, b.pluginFolder, b.home, loader);
      problems.addAll(jars.problems());
      jarTransformers.addAll(unique("transformer", jars.transformers(), Transformer.Factory::name));
      jarProviders.addAll(unique("provider", jars.providers(), Provider.Factory::name));
      jarLoaders = jars.loaders();
    } else {
      jarLoaders = List.of();
    }
    transformers = collect("transformer", Transformer.Factory.class, Transformer.Factory::name, jarTransformers,
        b.transformers, b.discover, loader);
    providers = withAliases(collect("provider", Provider.Factory.class, Provider.Factory::name, jarProviders,
        b.providers, b.discover, loader));
    routers = collect("router", Router.Factory.class, Router.Factory::name, List.of(), b.routers, b.discover, loader);
  }

  /** The jar plug-ins with one name each; a second one of a name is a problem naming both classes. */
  private <F> List<F> unique(String kind, List<F> factories, Function<F, String> nameOf) {
    Map<String, F> byName = new LinkedHashMap<>();
    for (F f : factories) {
      F other = byName.putIfAbsent(key(nameOf.apply(f)), f);
      if (other != null) problems.add(duplicate(kind, nameOf.apply(f), other, f).problems().get(0));
    }
    return List.copyOf(byName.values());
  }

  /** Everything on the class path of {@code loader}. */
  public static PluginRegistry discover(ClassLoader loader) {
    return builder().classLoader(loader).build();
  }

  /**
   * Everything on the class path of {@code loader}, plus the plug-in jars {@code entries} name (a
   * config's {@code transformers} section) and every jar in {@code <ccr home>/plugins}. A jar that
   * cannot be used does not stop the others: its problem is in {@link #problems()}.
   */
  public static PluginRegistry forConfig(List<dev.ccr.json.JsonObject> entries, ClassLoader loader) {
    Path home = dev.ccr.config.CcrConfig.home();
    return builder().classLoader(loader).jars(entries, home.resolve("plugins"), home).build();
  }

  /** Why plug-in jars named to this registry could not be used, each naming its entry; empty when all loaded. */
  public List<String> problems() {
    return Collections.unmodifiableList(problems);
  }

  /**
   * Checks each provider entry against the provider plug-ins: each needs an implementation and an
   * endpoint (its own {@code api_base_url} or the plug-in's default). Returns the problems.
   */
  public List<String> checkProviders(List<dev.ccr.config.ProviderConfig> entries) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      dev.ccr.config.ProviderConfig p = entries.get(i);
      Optional<Provider.Factory> factory = providerFor(p);
      if (factory.isEmpty()) {
        out.add("Providers[" + i + "] (" + p.name() + ") has no provider plug-in: none is named in its use list"
            + " or by its name, none claims its URL, and there is no \"openai\" plug-in (is ccr-providers on the class path?)");
      } else if (p.apiBaseUrl() == null && factory.get().defaultBaseUrl(p) == null) {
        out.add("Providers[" + i + "].api_base_url is missing (and \"" + factory.get().name()
            + "\" has no default endpoint)");
      }
      if (factory.isPresent()) {
        for (String problem : factory.get().problems(p)) out.add("Providers[" + i + "] (" + p.name() + "): " + problem);
      }
    }
    return out;
  }

  /**
   * Lets go of the plug-in jars this registry opened that a newer build of the same file has
   * replaced since; a jar still current stays open for the registries that share it.
   */
  public void close() {
    for (java.net.URLClassLoader l : jarLoaders) {
      if (PluginJars.current(l)) continue;
      try {
        l.close();
      } catch (java.io.IOException e) {
        log.debug("Closing {}: {}", l, e.toString());
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The transformer factory with this name, ignoring case. */
  public Optional<Transformer.Factory> transformer(String name) {
    return Optional.ofNullable(transformers.get(key(name)));
  }

  /** The provider factory with this name, ignoring case. */
  public Optional<Provider.Factory> provider(String name) {
    return Optional.ofNullable(providers.get(key(name)));
  }

  /** The one provider factory that claims the host of {@code url}; empty when none or several do. */
  public Optional<Provider.Factory> providerForUrl(String url) {
    Provider.Factory found = null;
    for (Provider.Factory f : providers.values()) {
      if (Provider.Factory.claims(f.hosts(), url)) {
        if (found != null && found != f) return Optional.empty(); // ambiguous
        found = f;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Adds each provider factory under its aliases too; a real name wins over an alias. */
  private static Map<String, Provider.Factory> withAliases(Map<String, Provider.Factory> byName) {
    Map<String, Provider.Factory> all = new TreeMap<>(byName);
    for (Provider.Factory f : byName.values()) {
      for (String alias : f.aliases()) all.putIfAbsent(key(alias), f);
    }
    return Collections.unmodifiableMap(all);
  }

  /** Names of every provider, aliases included. */
  public Set<String> providerNames() {
    return Collections.unmodifiableSet(providers.keySet());
  }

  /** The one provider factory whose {@link Provider.Factory#pathEndings} match {@code url}; empty when none or several do. */
  public Optional<Provider.Factory> providerForPath(String url) {
    Provider.Factory found = null;
    for (Provider.Factory f : providers.values()) {
      if (Provider.Factory.claimsPath(f.pathEndings(), url)) {
        if (found != null && found != f) return Optional.empty(); // ambiguous
        found = f;
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * The provider implementation for a config entry: the first {@code use} entry that names one,
   * else the one provider claiming its URL's path ending (the URL names the API: {@code
   * .../v1/responses} is the Responses API even at a host whose other endpoints another provider
   * claims), else the entry's own name, else the one provider claiming its URL's host, else {@code openai}.
   */
  public Optional<Provider.Factory> providerFor(dev.ccr.config.ProviderConfig config) {
    for (dev.ccr.config.TransformerUse use : config.use()) {
      Optional<Provider.Factory> f = provider(use.name());
      if (f.isPresent()) return f;
    }
    if (config.apiBaseUrl() != null) {
      Optional<Provider.Factory> byPath = providerForPath(config.apiBaseUrl());
      if (byPath.isPresent()) return byPath;
    }
    Optional<Provider.Factory> byName = provider(config.name());
    if (byName.isPresent()) return byName;
    if (config.apiBaseUrl() != null) {
      Optional<Provider.Factory> byHost = providerForUrl(config.apiBaseUrl());
      if (byHost.isPresent()) return byHost;
    }
    return provider("openai");
  }

  /** Router factories in name order. */
  public List<Router.Factory> routers() {
    return List.copyOf(routers.values());
  }

  /** Names of every transformer and provider, as a {@code use} list may give them. */
  public Set<String> useNames() {
    Set<String> names = new java.util.TreeSet<>();
    transformers.values().forEach(f -> names.add(f.name()));
    names.addAll(providers.keySet());
    return Collections.unmodifiableSet(names);
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static <F> Map<String, F> collect(String kind, Class<F> type, Function<F, String> nameOf,
      List<F> fromJars, List<F> explicit, boolean discover, ClassLoader loader) {
    Map<String, F> result = new TreeMap<>();
    Map<String, F> registered = new LinkedHashMap<>();
    for (F f : explicit) {
      String name = key(nameOf.apply(f));
      F other = registered.put(name, f);
      if (other != null && other != f) throw duplicate(kind, name, other, f);
    }
    if (discover) {
      Map<String, F> found = new LinkedHashMap<>();
      Iterator<F> it = ServiceLoader.load(type, loader).iterator();
      while (true) {
        F f;
        String name;
        try {
          if (!it.hasNext()) break;
          f = it.next();
          name = nameOf.apply(f);
          if (name == null || name.isBlank()) throw new IllegalStateException("it has no name");
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
          log.warn("Skipping a {} plug-in that failed to load: {}", kind, describe(e));
          continue;
        }
        String k = key(name);
        F other = found.get(k);
        if (other != null && other.getClass() != f.getClass()) throw duplicate(kind, name, other, f);
        found.put(k, f);
      }
      result.putAll(found);
    }
    for (F f : fromJars) { // a jar the config names wins over the class path, and says so
      F replaced = result.put(key(nameOf.apply(f)), f);
      if (replaced != null && replaced.getClass() != f.getClass()) {
        log.warn("The {} \"{}\" from a plug-in jar ({}) replaces the one on the class path ({})", kind,
            nameOf.apply(f), f.getClass().getName(), replaced.getClass().getName());
      }
    }
    result.putAll(registered); // explicit registration wins over both
    return Collections.unmodifiableMap(result);
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String m = e.getMessage();
    return root == e ? m : m + " (" + root + ")";
  }

  private static ConfigException duplicate(String kind, String name, Object a, Object b) {
    return new ConfigException("two " + kind + "s claim the name \"" + name + "\": " + a.getClass().getName()
        + " and " + b.getClass().getName() + "; remove one of them from the class path or register one explicitly");
  }

  /** Builds a registry; discovery through {@link ServiceLoader} is on unless turned off. */
  public static final class Builder {
    private final List<Transformer.Factory> transformers = new ArrayList<>();
    private final List<Provider.Factory> providers = new ArrayList<>();
    private final List<Router.Factory> routers = new ArrayList<>();
    private ClassLoader classLoader;
    private boolean discover = true;
    private List<dev.ccr.json.JsonObject> jars;
    private Path pluginFolder;
    private Path home;

    private Builder() {}

    public Builder transformer(Transformer.Factory factory) {
      transformers.add(factory);
      return this;
    }

    public Builder provider(Provider.Factory factory) {
      providers.add(factory);
      return this;
    }

    public Builder router(Router.Factory factory) {
      routers.add(factory);
      return this;
    }

    /** Where plug-ins are looked for; ccr's own class loader by default. */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = classLoader;
      return this;
    }

    /**
     * Loads plug-in jars: {@code entries} as a config's {@code transformers} section holds them
     * ({@code {"path": "/abs/x.jar", "options": {...}}}, or {@code x.jar#com.example.Cls}), and every
     * jar in {@code folder} (may be null); relative paths are read from {@code home}.
     */
    public Builder jars(List<dev.ccr.json.JsonObject> entries, Path folder, Path home) {
      this.jars = List.copyOf(entries);
      this.pluginFolder = folder;
      this.home = home;
      return this;
    }

    /** Turns {@link ServiceLoader} discovery off: only registered plug-ins are used. */
    public Builder discover(boolean discover) {
      this.discover = discover;
      return this;
    }

    public PluginRegistry build() {
      return new PluginRegistry(this);
    }
  }
}
