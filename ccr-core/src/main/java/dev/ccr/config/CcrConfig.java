package dev.ccr.config;

import dev.ccr.ConfigException;
import dev.ccr.internal.Redaction;
import dev.ccr.json.Json;
import dev.ccr.json.Json5;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A validated configuration in Claude Code Router's {@code config.json} format (JSON5). It keeps
 * the text as written, {@code $VAR} references included, so writing it back never writes a
 * resolved secret; keys ccr does not use are kept.
 */
public final class CcrConfig {
  /** Settings keys the original router defines; others are kept and ignored. */
  static final List<String> KNOWN_KEYS = List.of(
      "Providers", "Router", "fallback", "APIKEY", "HOST", "PORT", "LOG", "LOG_LEVEL", "API_TIMEOUT_MS",
      "PROXY_URL", "NON_INTERACTIVE_MODE", "CUSTOM_ROUTER_PATH", "transformers", "StatusLine", "RETRY",
      "CIRCUIT_BREAKER", "TIMEOUTS", "routing",
      "Prices", "budgetControl", "monitoring", "alertWebhook", "USAGE_HISTORY",
      "STATE", "RATE_LIMITS", "performance", "caching", "UPSTREAM_CAPTURE");

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 3456;
  public static final long DEFAULT_API_TIMEOUT_MS = 600_000;

  final JsonObject raw;
  final JsonObject resolved;
  final List<ProviderConfig> providers;
  final RouterConfig router;
  final Map<String, List<RouteTarget>> fallback;
  final List<RoutingRule> rules;
  final String apiKey;
  final String host;
  final int port;
  final boolean log;
  final String logLevel;
  final long apiTimeoutMs;
  final String proxyUrl;
  final boolean nonInteractiveMode;
  final String customRouterPath;
  final List<JsonObject> transformers;
  final List<String> warnings;
  final Resilience resilience;

  CcrConfig(ConfigParser p) {
    this.raw = p.raw;
    this.resolved = p.resolved;
    this.providers = List.copyOf(p.providers);
    this.router = p.router;
    this.fallback = Map.copyOf(p.fallback);
    this.rules = List.copyOf(p.rules);
    this.apiKey = p.apiKey;
    this.host = p.host;
    this.port = p.port;
    this.log = p.log;
    this.logLevel = p.logLevel;
    this.apiTimeoutMs = p.apiTimeoutMs;
    this.proxyUrl = p.proxyUrl;
    this.nonInteractiveMode = p.nonInteractiveMode;
    this.customRouterPath = p.customRouterPath;
    this.transformers = List.copyOf(p.transformers);
    this.warnings = List.copyOf(p.warnings);
    this.resilience = p.resilience;
  }

  // ------------------------------------------------------------------ loading

  /** Parses config text with the process environment; throws {@link ConfigException} listing every problem. */
  public static CcrConfig parse(String json5) {
    return parse(json5, System::getenv);
  }

  /** Parses config text, filling {@code $VAR}s from {@code env}. */
  public static CcrConfig parse(String json5, Function<String, String> env) {
    return parse(json5, "config.json", env);
  }

  static CcrConfig parse(String json5, String source, Function<String, String> env) {
    JsonValue tree;
    try {
      tree = Json5.parse(json5, source);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    if (!(tree instanceof JsonObject o)) throw new ConfigException(source + ": the configuration must be a JSON object");
    return fromTree(o, env);
  }

  /** Builds a configuration from a tree as config.json would hold it. */
  public static CcrConfig fromTree(JsonObject raw, Function<String, String> env) {
    return new CcrConfig(ConfigParser.parse(raw, env));
  }

  /** Reads a config file; a missing or unreadable file is a {@link ConfigException}. */
  public static CcrConfig load(Path file) {
    return load(file, System::getenv);
  }

  public static CcrConfig load(Path file, Function<String, String> env) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException("no configuration file at " + file);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage());
    }
    return parse(text, file.toString(), env);
  }

  /** A config read as far as it goes, and every problem found; {@code config} is null when the text is not JSON5. */
  public record Checked(CcrConfig config, List<String> problems) {}

  /**
   * Reads {@code file} reporting every problem at once, where {@link #load} stops at the parse: a
   * config with problems is still read as far as it goes (broken provider entries included), so the
   * plug-in and name checks can run on it too. For checking only; never serve what this returns.
   */
  public static Checked check(Path file, Function<String, String> env) {
    JsonValue tree;
    try {
      tree = Json5.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      return new Checked(null, List.of("no configuration file at " + file));
    } catch (IOException e) {
      return new Checked(null, List.of("cannot read " + file + ": " + e.getMessage()));
    } catch (IllegalArgumentException e) {
      return new Checked(null, List.of(e.getMessage()));
    }
    if (!(tree instanceof JsonObject o)) return new Checked(null, List.of(file + ": the configuration must be a JSON object"));
    return check(o, env);
  }

  /** {@link #check(Path, Function)} for a tree already read, such as the config part of a preset's manifest. */
  public static Checked check(JsonObject tree, Function<String, String> env) {
    ConfigParser p = ConfigParser.readAll(tree, env);
    return new Checked(new CcrConfig(p), List.copyOf(p.problems));
  }

  /**
   * ccr's folder: the {@code ccr.home} system property, else {@code CCR_HOME}, else
   * {@code $HOME/.claude-code-router}, else the JVM's {@code user.home}. {@code $HOME} comes before
   * {@code user.home} because the JVM takes that from the password file, not from the environment.
   */
  public static Path home() {
    return home(System.getProperty("ccr.home"), System::getenv, System.getProperty("user.home"));
  }

  static Path home(String property, Function<String, String> env, String userHome) {
    if (property != null && !property.isBlank()) return Path.of(property);
    String ccrHome = env.apply("CCR_HOME");
    if (ccrHome != null && !ccrHome.isBlank()) return Path.of(ccrHome);
    String home = env.apply("HOME");
    return Path.of(home != null && !home.isBlank() ? home : userHome, ".claude-code-router");
  }

  /** {@code ~/.claude-code-router/config.json}. */
  public static Path defaultPath() {
    return home().resolve("config.json");
  }

  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ access

  public List<ProviderConfig> providers() {
    return providers;
  }

  /** The provider with this name (names compare case-insensitively, as configured names are unique that way). */
  public Optional<ProviderConfig> provider(String name) {
    for (ProviderConfig p : providers) {
      if (p.name().equalsIgnoreCase(name)) return Optional.of(p);
    }
    return Optional.empty();
  }

  public RouterConfig router() {
    return router;
  }

  /**
   * A Router table from a file a request led to (a project's own, a session's), read against this
   * config's providers: {@code section} is a {@code Router} object as config.json writes it. Such a
   * file is not the config owner's: a {@code $VAR} in it is never filled from ccr's environment, and
   * a target must name a model its provider lists, as an explicit route must. Entries with problems
   * are left out and their problems added to {@code problems}.
   */
  public RouterConfig requestRouterTable(JsonObject section, List<String> problems) {
    ConfigParser p = ConfigParser.requestRouter(section, providers);
    problems.addAll(p.problems);
    return p.router;
  }

  /** Fallback targets per scenario, from the {@code fallback} section. */
  public Map<String, List<RouteTarget>> fallback() {
    return fallback;
  }

  /** The {@code routing.rules}, in the order they are tried. */
  public List<RoutingRule> routingRules() {
    return rules;
  }

  /** The key clients must present, or null when none is required. */
  public String apiKey() {
    return apiKey;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public boolean log() {
    return log;
  }

  public String logLevel() {
    return logLevel;
  }

  public long apiTimeoutMs() {
    return apiTimeoutMs;
  }

  /** The outbound HTTP proxy, or null. */
  public String proxyUrl() {
    return proxyUrl;
  }

  public boolean nonInteractiveMode() {
    return nonInteractiveMode;
  }

  /** {@code CUSTOM_ROUTER_PATH}, or null. */
  public String customRouterPath() {
    return customRouterPath;
  }

  /** Entries of the {@code transformers} section (plug-ins to load), with {@code $VAR}s filled. */
  public List<JsonObject> transformerPlugins() {
    return transformers;
  }

  /** Retries, circuit breaking and timeouts. */
  public Resilience resilience() {
    return resilience;
  }

  /** Problems that do not stop ccr from running, such as a misspelt top-level key. */
  public List<String> warnings() {
    return warnings;
  }

  /** The configuration as written, {@code $VAR}s unresolved. */
  public JsonObject raw() {
    return raw;
  }

  /** The configuration with {@code $VAR}s filled in; holds secrets, never log it. */
  public JsonObject resolved() {
    return resolved;
  }

  /** Checks every transformer name in {@code use} lists against {@code known}; returns the problems. */
  public List<String> checkTransformerNames(Collection<String> known) {
    List<String> problems = new ArrayList<>();
    List<String> lower = known.stream().map(s -> s.toLowerCase(java.util.Locale.ROOT)).toList();
    for (int i = 0; i < providers.size(); i++) {
      ProviderConfig p = providers.get(i);
      check(problems, "Providers[" + i + "].transformer.use", p.use(), lower, known);
      for (Map.Entry<String, List<TransformerUse>> e : p.modelUse().entrySet()) {
        check(problems, "Providers[" + i + "].transformer[\"" + e.getKey() + "\"].use", e.getValue(), lower, known);
      }
    }
    return problems;
  }

  private static void check(List<String> problems, String path, List<TransformerUse> uses, List<String> lower,
      Collection<String> known) {
    for (int j = 0; j < uses.size(); j++) {
      String name = uses.get(j).name();
      if (!lower.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        problems.add(path + "[" + j + "]: unknown transformer \"" + name + "\"" + Names.suggestion(name, known));
      }
    }
  }

  // ------------------------------------------------------------------ writing back

  /** A copy with one {@code Router} scenario set to {@code target} (or removed when null); validated, a misspelt scenario included. */
  public CcrConfig withRoute(String scenario, String target, Function<String, String> env) {
    List<String> scenarios = List.of(RouterConfig.DEFAULT, RouterConfig.BACKGROUND, RouterConfig.THINK,
        RouterConfig.LONG_CONTEXT, RouterConfig.WEB_SEARCH, RouterConfig.IMAGE);
    if (!scenarios.contains(scenario)) {
      throw new ConfigException("Router has no scenario \"" + scenario + "\"" + Names.suggestion(scenario, scenarios)
          + "; the scenarios are " + String.join(", ", scenarios));
    }
    String key = raw.has("Router") || !raw.has("router") ? "Router" : "router";
    JsonObject r = raw.getObject(key);
    if (r == null) r = JsonObject.of();
    r = target == null ? r.without(scenario) : r.with(scenario, JsonString.of(target));
    return fromTree(raw.with(key, r), env);
  }

  /** The configuration as written, pretty-printed: {@code $VAR}s stay references, comments are not kept. */
  public String toJson() {
    return Json.writePretty(raw);
  }

  /** The configuration for a dump or a log: keys and tokens replaced by {@code <redacted>}. */
  public String toRedactedJson() {
    return Json.writePretty(Redaction.redact(raw));
  }

  @Override
  public String toString() {
    return "CcrConfig[providers=" + providers.stream().map(ProviderConfig::name).toList() + ", router="
        + router.targets() + ", host=" + host + ", port=" + port + "]";
  }

  /** Builds a configuration in code, for embedding; it is checked like a file. */
  public static final class Builder {
    private final JsonObject.Builder root = JsonObject.builder();
    private final List<JsonValue> providers = new ArrayList<>();
    private final JsonObject.Builder router = JsonObject.builder();
    private Function<String, String> env = System::getenv;

    private Builder() {}

    /** Adds a provider; {@code apiKey} may be null or a {@code $VAR} reference. */
    public Builder provider(String name, String apiBaseUrl, String apiKey, List<String> models, String... use) {
      JsonObject.Builder p = JsonObject.builder().put("name", name).put("api_base_url", apiBaseUrl);
      if (apiKey != null) p.put("api_key", apiKey);
      p.put("models", JsonArray.of(models.stream().<JsonValue>map(JsonString::of).toList()));
      if (use.length > 0) {
        p.put("transformer", JsonObject.builder()
            .put("use", JsonArray.of(java.util.Arrays.stream(use).<JsonValue>map(JsonString::of).toList()))
            .build());
      }
      providers.add(p.build());
      return this;
    }

    /** Adds a provider entry written as config.json would hold it. */
    public Builder provider(JsonObject entry) {
      providers.add(entry);
      return this;
    }

    /** Sets a {@code Router} entry, such as {@code route("think", "deepseek,deepseek-reasoner")}. */
    public Builder route(String scenario, String target) {
      router.put(scenario, target);
      return this;
    }

    public Builder longContextThreshold(int tokens) {
      router.put("longContextThreshold", tokens);
      return this;
    }

    /** Sets any top-level key, such as {@code APIKEY} or {@code API_TIMEOUT_MS}. */
    public Builder set(String key, JsonValue value) {
      root.put(key, value);
      return this;
    }

    /** Where {@code $VAR}s come from; the process environment by default. */
    public Builder env(Function<String, String> env) {
      this.env = env;
      return this;
    }

    public CcrConfig build() {
      root.put("Providers", JsonArray.of(providers));
      root.put("Router", router.build());
      return fromTree(root.build(), env);
    }
  }
}
