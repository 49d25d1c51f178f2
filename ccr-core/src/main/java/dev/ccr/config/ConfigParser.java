package dev.ccr.config;

import dev.ccr.ConfigException;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonBoolean;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reads and checks a config tree, collecting every problem before it gives up. */
final class ConfigParser {
  private static final Set<String> LOG_LEVELS = Set.of("fatal", "error", "warn", "info", "debug", "trace");

  final List<String> problems = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();
  JsonObject raw;
  JsonObject resolved;
  private Function<String, String> env;
  private boolean keepBroken;
  /** A table from a file a request led to: no {@code $VAR}, and every target a model its provider lists. */
  private boolean fromRequest;
  final List<ProviderConfig> providers = new ArrayList<>();
  RouterConfig router;
  final Map<String, List<RouteTarget>> fallback = new LinkedHashMap<>();
  final List<RoutingRule> rules = new ArrayList<>();
  String apiKey;
  String host = CcrConfig.DEFAULT_HOST;
  int port = CcrConfig.DEFAULT_PORT;
  boolean log;
  String logLevel = "info";
  long apiTimeoutMs = CcrConfig.DEFAULT_API_TIMEOUT_MS;
  String proxyUrl;
  boolean nonInteractiveMode;
  String customRouterPath;
  final List<JsonObject> transformers = new ArrayList<>();
  Resilience resilience;
  /** Names of provider entries that had problems, so routes to them do not report a second one. */
  private final Set<String> brokenProviders = new java.util.HashSet<>();

  private ConfigParser() {}

  static ConfigParser parse(JsonObject raw, Function<String, String> env) {
    ConfigParser p = read(raw, env, false);
    if (!p.problems.isEmpty()) throw new ConfigException(p.problems);
    return p;
  }

  /**
   * Reads as far as the tree allows and keeps every problem instead of throwing: a provider entry
   * with problems stays in the list (under its name), so the checks that come after parsing see
   * its transformer names too. For {@code ccr validate}; such a config never serves.
   */
  static ConfigParser readAll(JsonObject raw, Function<String, String> env) {
    return read(raw, env, true);
  }

  /**
   * Reads a {@code Router} section alone, against providers already read, from a file a request led
   * to (a project's own table, a session's): its text is not the config owner's, so a {@code $VAR}
   * is never filled from ccr's environment (the entry is a problem), and a target must name a model
   * its provider lists, as an explicit {@code provider,model} in a request must.
   */
  static ConfigParser requestRouter(JsonValue router, List<ProviderConfig> providers) {
    ConfigParser p = new ConfigParser();
    p.fromRequest = true;
    p.providers.addAll(providers);
    p.readRouter(router);
    return p;
  }

  private static ConfigParser read(JsonObject raw, Function<String, String> env, boolean keepBroken) {
    ConfigParser p = new ConfigParser();
    p.keepBroken = keepBroken;
    p.raw = raw;
    p.env = env;
    p.resolved = resolveKeyNames((JsonObject) EnvVars.resolve(raw, env), env);
    p.read();
    return p;
  }

  /**
   * Client-key limits only hold for keys a client cannot choose: without APIKEY anyone sends another
   * key (or none), with it only APIKEY's value gets in. Never names a key's value.
   */
  private void warnAboutKeyLimits(JsonObject rateLimits) {
    JsonObject keys = rateLimits == null ? null : rateLimits.getObject("keys");
    if (keys == null || keys.members().isEmpty()) return;
    if (apiKey == null) {
      warnings.add("RATE_LIMITS.keys limits nothing without APIKEY: a client can send another key, or none, and is "
          + "not limited; set APIKEY (only its value then authenticates)");
      return;
    }
    int i = 0;
    for (String key : keys.members().keySet()) {
      if (!key.equals(apiKey) && !key.startsWith("$")) {
        warnings.add("RATE_LIMITS.keys[" + i + "] is not APIKEY's value: only APIKEY authenticates, so it never matches");
      }
      i++;
    }
  }

  private void read() {
    JsonObject c = resolved;
    for (String key : c.members().keySet()) {
      if (!CcrConfig.KNOWN_KEYS.contains(key) && !key.equals("providers") && !key.equals("router")) {
        String close = Names.closest(key, CcrConfig.KNOWN_KEYS);
        if (close != null && !close.equals(key)) {
          warnings.add(key + " is not a setting ccr knows (did you mean \"" + close + "\"?); it is kept and ignored");
        }
      }
    }
    readProviders(member(c, "Providers", "providers"));
    readRouter(member(c, "Router", "router"));
    readFallback(c.get("fallback"));
    rules.addAll(RulesReader.read(c.get("routing"), this::target, problems, warnings));
    apiKey = optionalString(c, "APIKEY");
    if (apiKey != null && apiKey.isEmpty()) apiKey = null;
    List<String> unsetKey = EnvVars.unset(raw.getString("APIKEY"), env);
    if (!unsetKey.isEmpty()) {
      // The original would make the literal text the key: guessable, and enough to pass the network-bind check.
      problems.add("APIKEY names " + String.join(", ", unsetKey) + ", which is not set in ccr's environment; "
          + "set it, or write the key itself");
      apiKey = null;
    }
    warnAboutKeyLimits(c.getObject("RATE_LIMITS"));
    String h = optionalString(c, "HOST");
    if (h != null && !h.isBlank()) host = h;
    Long p = optionalInteger(c, "PORT", 1, 65_535);
    if (p != null) port = p.intValue();
    Boolean l = optionalBoolean(c, "LOG");
    if (l != null) log = l;
    String level = optionalString(c, "LOG_LEVEL");
    if (level != null) {
      if (LOG_LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
        logLevel = level.toLowerCase(Locale.ROOT);
      } else {
        problems.add("LOG_LEVEL must be one of fatal, error, warn, info, debug, trace; got " + shown(level));
      }
    }
    Long timeout = optionalInteger(c, "API_TIMEOUT_MS", 1, Long.MAX_VALUE);
    if (timeout != null) apiTimeoutMs = timeout;
    proxyUrl = optionalString(c, "PROXY_URL");
    if (proxyUrl != null && proxyUrl.isBlank()) proxyUrl = null;
    if (proxyUrl != null && !isHttpUrl(proxyUrl)) problems.add("PROXY_URL is not a URL: " + shown(proxyUrl));
    Boolean ni = optionalBoolean(c, "NON_INTERACTIVE_MODE");
    if (ni != null) nonInteractiveMode = ni;
    optionalBoolean(c, "UPSTREAM_CAPTURE"); // checked here, read by dev.ccr.capture.UpstreamCaptures
    customRouterPath = optionalString(c, "CUSTOM_ROUTER_PATH");
    if (customRouterPath != null && customRouterPath.isBlank()) customRouterPath = null;
    readTransformerPlugins(c.get("transformers"));
    readResilience(c);
  }

  private void readResilience(JsonObject c) {
    Resilience d = Resilience.defaults(apiTimeoutMs);
    JsonObject retry = section(c, "RETRY");
    JsonObject breaker = section(c, "CIRCUIT_BREAKER");
    JsonObject timeouts = section(c, "TIMEOUTS");
    resilience = new Resilience(
        (int) number(retry, "RETRY", "attempts", d.attempts(), 1, 20),
        number(retry, "RETRY", "initial_backoff_ms", d.initialBackoffMs(), 0, 600_000),
        number(retry, "RETRY", "max_backoff_ms", d.maxBackoffMs(), 0, 600_000),
        number(retry, "RETRY", "max_retry_after_ms", d.maxRetryAfterMs(), 0, 3_600_000),
        (int) number(breaker, "CIRCUIT_BREAKER", "failures", d.breakerFailures(), 1, 1_000),
        number(breaker, "CIRCUIT_BREAKER", "open_ms", d.breakerOpenMs(), 0, 3_600_000),
        number(timeouts, "TIMEOUTS", "connect_ms", d.connectMs(), 1, 600_000),
        number(timeouts, "TIMEOUTS", "first_byte_ms", d.firstByteMs(), 1, 86_400_000),
        number(timeouts, "TIMEOUTS", "idle_ms", d.idleMs(), 1, 86_400_000),
        number(timeouts, "TIMEOUTS", "request_body_ms", d.requestBodyMs(), 1, 3_600_000));
  }

  private JsonObject section(JsonObject c, String key) {
    JsonValue v = c.get(key);
    if (v == null || v.isNull()) return JsonObject.of();
    if (v instanceof JsonObject o) return o;
    problems.add(key + " must be an object");
    return JsonObject.of();
  }

  private long number(JsonObject o, String section, String key, long fallback, long min, long max) {
    JsonValue v = o.get(key);
    if (v == null || v.isNull()) return fallback;
    if (v instanceof JsonNumber n && n.isIntegral()) {
      long value = n.bigDecimal().longValue();
      if (value >= min && value <= max) return value;
    }
    problems.add(section + "." + key + " must be a whole number from " + min + " to " + max + "; got " + shown(v));
    return fallback;
  }

  private static JsonValue member(JsonObject c, String name, String alternative) {
    JsonValue v = c.get(name);
    return v != null ? v : c.get(alternative);
  }

  private void readProviders(JsonValue v) {
    if (v == null || v.isNull()) return;
    if (!(v instanceof JsonArray a)) {
      problems.add("Providers must be a list of provider objects");
      return;
    }
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < a.size(); i++) {
      String path = "Providers[" + i + "]";
      if (!(a.get(i) instanceof JsonObject o)) {
        problems.add(path + " must be an object");
        continue;
      }
      JsonObject written = member(raw, "Providers", "providers") instanceof JsonArray ra && ra.get(i) instanceof JsonObject w
          ? w : o;
      ProviderConfig p = readProvider(o, written, path);
      if (p == null) continue;
      if (!seen.add(p.name().toLowerCase(Locale.ROOT))) {
        problems.add(path + ".name \"" + p.name() + "\" is used by another provider too");
      }
      providers.add(p);
    }
  }

  private ProviderConfig readProvider(JsonObject o, JsonObject written, String path) {
    int before = problems.size();
    String name = o.getString("name");
    if (name == null || name.isBlank()) {
      problems.add(path + ".name is missing");
    } else if (name.contains(",")) {
      problems.add(path + ".name \"" + name + "\" must not contain a comma (routes are written \"provider,model\")");
    }
    String url = o.getString("api_base_url");
    if (url == null || url.isBlank()) {
      // Allowed when the provider plug-in knows its endpoint (Ollama, presets); checked with the plug-ins.
      if (o.has("api_base_url") && !(o.get("api_base_url") instanceof JsonString)) {
        problems.add(path + ".api_base_url must be a string");
      }
      url = null;
    } else if (!isHttpUrl(url)) {
      problems.add(path + ".api_base_url is not a URL: " + shown(url)
          + (EnvVars.hasReference(url) ? " (an environment variable it names is not set)" : ""));
    }
    String key = null;
    List<String> unsetKey = List.of();
    JsonValue k = o.get("api_key");
    if (k instanceof JsonString s) {
      key = s.value().isEmpty() ? null : s.value();
      unsetKey = EnvVars.unset(written.getString("api_key"), env);
      if (!unsetKey.isEmpty()) {
        key = null; // never sent as the literal "$VAR" text
        warnings.add(path + ".api_key names " + String.join(", ", unsetKey) + ", which is not set in ccr's environment; "
            + "requests routed to \"" + name + "\" fail with an error saying so until it is set");
      }
    } else if (k != null && !k.isNull()) {
      problems.add(path + ".api_key must be a string");
    }
    if (o.get("api_keys") instanceof JsonArray pool && written.get("api_keys") instanceof JsonArray writtenPool) {
      List<JsonValue> usable = new ArrayList<>();
      for (int j = 0; j < pool.size(); j++) {
        List<String> unset = EnvVars.unset(writtenPool.get(j).asString(), env);
        if (unset.isEmpty()) {
          usable.add(pool.get(j));
        } else {
          warnings.add(path + ".api_keys[" + j + "] names " + String.join(", ", unset)
              + ", which is not set in ccr's environment; the pool goes on without it");
          if (key == null && unsetKey.isEmpty()) unsetKey = unset;
        }
      }
      if (usable.size() < pool.size()) o = o.with("api_keys", JsonArray.of(usable));
      if (!usable.isEmpty()) unsetKey = List.of();
    }
    List<String> models = new ArrayList<>();
    JsonValue m = o.get("models");
    if (m instanceof JsonArray ma) {
      for (int j = 0; j < ma.size(); j++) {
        String model = ma.get(j).asString();
        if (model == null || model.isBlank()) problems.add(path + ".models[" + j + "] must be a model name");
        else models.add(model);
      }
    } else if (m != null && !m.isNull()) {
      problems.add(path + ".models must be a list of model names");
    }
    if (models.isEmpty() && problems.size() == before) {
      warnings.add(path + " (" + name + ") lists no models, so only explicit \"" + name + ",model\" routes can use it");
    }
    List<TransformerUse> use = List.of();
    Map<String, List<TransformerUse>> modelUse = new LinkedHashMap<>();
    JsonValue t = o.get("transformer");
    if (t instanceof JsonObject to) {
      for (Map.Entry<String, JsonValue> e : to.members().entrySet()) {
        if (e.getKey().equals("use")) {
          use = readUse(e.getValue(), path + ".transformer.use");
        } else if (e.getValue() instanceof JsonObject mo && mo.has("use")) {
          String mp = path + ".transformer[\"" + e.getKey() + "\"]";
          if (!models.isEmpty() && !models.contains(e.getKey())) {
            warnings.add(mp + " configures model \"" + e.getKey() + "\", which " + path + ".models does not list");
          }
          modelUse.put(e.getKey(), readUse(mo.get("use"), mp + ".use"));
        } else if (!e.getValue().isNull()) { // the original skips it silently; say so, but keep the config working
          warnings.add(path + ".transformer[\"" + e.getKey() + "\"] is not an object with \"use\"; it is ignored");
        }
      }
    } else if (t != null && !t.isNull()) {
      problems.add(path + ".transformer must be an object such as {\"use\": [\"openrouter\"]}");
    }
    if (problems.size() > before) {
      if (name == null || name.isBlank()) return null;
      brokenProviders.add(name.toLowerCase(Locale.ROOT));
      if (!keepBroken) return null;
    }
    return new ProviderConfig(name, url, key, models, use, modelUse, o, key == null ? unsetKey : List.of());
  }

  private List<TransformerUse> readUse(JsonValue v, String path) {
    if (!(v instanceof JsonArray a)) {
      problems.add(path + " must be a list of transformer names or [name, options] pairs");
      return List.of();
    }
    List<TransformerUse> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      JsonValue e = a.get(i);
      if (e instanceof JsonString s && !s.value().isBlank()) {
        out.add(TransformerUse.of(s.value()));
      } else if (e instanceof JsonArray pair && pair.size() >= 1 && pair.get(0) instanceof JsonString s) {
        if (pair.size() > 2) problems.add(path + "[" + i + "] must be [name, options]");
        out.add(new TransformerUse(s.value(), pair.size() > 1 ? pair.get(1) : null));
      } else {
        problems.add(path + "[" + i + "] must be a transformer name or [name, options]");
      }
    }
    return out;
  }

  private void readRouter(JsonValue v) {
    Map<String, RouteTarget> targets = new LinkedHashMap<>();
    int threshold = RouterConfig.DEFAULT_LONG_CONTEXT_THRESHOLD;
    JsonObject o = v instanceof JsonObject ro ? ro : JsonObject.of();
    if (v != null && !v.isNull() && !(v instanceof JsonObject)) problems.add("Router must be an object");
    for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
      String key = e.getKey();
      JsonValue value = e.getValue();
      if (key.equals("longContextThreshold")) {
        if (value instanceof JsonNumber n && n.isIntegral() && n.bigDecimal().signum() > 0) {
          threshold = n.bigDecimal().min(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)).intValue();
        } else {
          problems.add("Router.longContextThreshold must be a positive whole number of tokens");
        }
        continue;
      }
      if (value instanceof JsonString s) {
        if (s.value().isBlank()) continue; // the original writes "" for scenarios that are off
        if (fromRequest && s.value().indexOf('$') >= 0) {
          problems.add("Router." + key + " names an environment variable (" + shown(s.value()) + "); a project's or "
              + "session's table is never filled from ccr's environment");
          continue;
        }
        RouteTarget target = target(s.value(), "Router." + key);
        if (target != null) targets.put(key, target);
      } else if (!value.isNull() && isScenario(key)) {
        problems.add("Router." + key + " must be a \"provider,model\" string");
      }
    }
    router = new RouterConfig(targets, threshold, o);
  }

  private static boolean isScenario(String key) {
    return List.of(RouterConfig.DEFAULT, RouterConfig.BACKGROUND, RouterConfig.THINK, RouterConfig.LONG_CONTEXT,
        RouterConfig.WEB_SEARCH, RouterConfig.IMAGE).contains(key);
  }

  private void readFallback(JsonValue v) {
    if (v == null || v.isNull()) return;
    if (!(v instanceof JsonObject o)) {
      problems.add("fallback must be an object of scenario -> [\"provider,model\", ...]");
      return;
    }
    for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
      String path = "fallback." + e.getKey();
      if (!(e.getValue() instanceof JsonArray a)) {
        problems.add(path + " must be a list of \"provider,model\" strings");
        continue;
      }
      List<RouteTarget> list = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        String s = a.get(i).asString();
        if (s == null) {
          problems.add(path + "[" + i + "] must be a \"provider,model\" string");
          continue;
        }
        RouteTarget t = target(s, path + "[" + i + "]");
        if (t != null) list.add(t);
      }
      fallback.put(e.getKey(), list);
    }
  }

  /** Parses and checks a "provider,model" entry against the configured providers. */
  private RouteTarget target(String text, String path) {
    RouteTarget t = RouteTarget.parse(text);
    if (t == null) {
      problems.add(path + " must be \"provider,model\"; got " + shown(text));
      return null;
    }
    ProviderConfig p = providers.stream().filter(x -> x.name().equalsIgnoreCase(t.provider())).findFirst().orElse(null);
    if (p == null && brokenProviders.contains(t.provider().toLowerCase(Locale.ROOT))) return null;
    if (p == null) {
      List<String> names = new ArrayList<>(providers.stream().map(ProviderConfig::name).toList());
      names.addAll(brokenProviders); // entries with problems of their own are still configured names
      problems.add(path + " names provider \"" + t.provider() + "\", which is not configured"
          + (names.isEmpty() ? " (Providers is empty)" : Names.suggestion(t.provider(), names)));
      return null;
    }
    if (fromRequest && !p.models().isEmpty() && !p.hasModel(t.model())) {
      problems.add(path + " names model \"" + t.model() + "\", which provider \"" + p.name() + "\" does not list"
          + Names.suggestion(t.model(), p.models()));
      return null;
    }
    if (!p.models().isEmpty() && !p.hasModel(t.model())) {
      warnings.add(path + " names model \"" + t.model() + "\", which provider \"" + p.name() + "\" does not list"
          + Names.suggestion(t.model(), p.models()));
    }
    return new RouteTarget(p.name(), t.model());
  }

  private void readTransformerPlugins(JsonValue v) {
    if (v == null || v.isNull()) return;
    if (!(v instanceof JsonArray a)) {
      problems.add("transformers must be a list of {\"path\": ..., \"options\": {...}} entries");
      return;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) instanceof JsonObject o && o.getString("path") != null) {
        transformers.add(o); // loaded, and every problem with it reported, by the plug-in registry
      } else {
        problems.add("transformers[" + i + "] must be an object with a \"path\"");
      }
    }
  }

  private String optionalString(JsonObject c, String key) {
    JsonValue v = c.get(key);
    if (v == null || v.isNull()) return null;
    if (v instanceof JsonString s) return s.value();
    if (v instanceof JsonNumber || v instanceof JsonBoolean) return v.toJson();
    problems.add(key + " must be a string");
    return null;
  }

  private Long optionalInteger(JsonObject c, String key, long min, long max) {
    JsonValue v = c.get(key);
    if (v == null || v.isNull()) return null;
    String text = v instanceof JsonString s ? s.value().trim() : v instanceof JsonNumber n ? n.literal() : null;
    if (text != null && !text.isEmpty()) {
      try {
        long value = new java.math.BigDecimal(text).longValueExact();
        if (value >= min && value <= max) return value;
      } catch (ArithmeticException | NumberFormatException e) {
        // reported below
      }
    }
    problems.add(key + " must be a whole number" + (max == 65_535 ? " from 1 to 65535" : " above 0") + "; got " + shown(v));
    return null;
  }

  private Boolean optionalBoolean(JsonObject c, String key) {
    JsonValue v = c.get(key);
    if (v == null || v.isNull()) return null;
    if (v instanceof JsonBoolean b) return b.value();
    if (v instanceof JsonString s && (s.value().equals("true") || s.value().equals("false"))) {
      return Boolean.parseBoolean(s.value());
    }
    problems.add(key + " must be true or false; got " + shown(v));
    return null;
  }

  /** A value as a problem quotes it: whole when short, cut when a user pasted half a file there. */
  static String shown(String text) {
    return shown(JsonString.of(text));
  }

  static String shown(JsonValue v) {
    String json = v.toJson();
    return json.length() <= 120 ? json : json.substring(0, 100) + "… (" + json.length() + " characters)";
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI u = new URI(url);
      return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
          && u.getHost() != null && !u.getHost().isEmpty();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * {@code RATE_LIMITS.keys} is the one object whose member names are values (client keys, often
   * {@code $VAR}s): they are filled in too, in the resolved tree only.
   */
  private static JsonObject resolveKeyNames(JsonObject resolved, java.util.function.Function<String, String> env) {
    JsonObject limits = resolved.getObject("RATE_LIMITS");
    JsonObject keys = limits == null ? null : limits.getObject("keys");
    if (keys == null) return resolved;
    java.util.LinkedHashMap<String, dev.ccr.json.JsonValue> named = new java.util.LinkedHashMap<>();
    keys.members().forEach((k, v) -> named.put(EnvVars.resolve(k, env), v));
    java.util.LinkedHashMap<String, dev.ccr.json.JsonValue> l = new java.util.LinkedHashMap<>(limits.members());
    l.put("keys", JsonObject.of(named));
    java.util.LinkedHashMap<String, dev.ccr.json.JsonValue> top = new java.util.LinkedHashMap<>(resolved.members());
    top.put("RATE_LIMITS", JsonObject.of(l));
    return JsonObject.of(top);
  }
}
