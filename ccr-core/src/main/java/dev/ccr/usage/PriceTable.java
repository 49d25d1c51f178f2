package dev.ccr.usage;

import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Token prices: the config's {@code "Prices"} ({@code {"provider,model": {"input": 0.27, "output":
 * 1.10, "cache_read": 0.07, "cache_write": 0.27}}}, per million tokens; a key may also be a bare
 * model name) over a small built-in table of list prices in US dollars. A price without {@code
 * cache_read} or {@code cache_write} charges those tokens as input. The built-in table names exact
 * models: a listed name, or one with a suffix that only dates or versions the same model ({@code
 * claude-opus-4-20250514}), so {@code claude-opus-4} never prices {@code claude-opus-4-5}; and it
 * applies only to providers that bill (never Ollama, nor an {@code api_base_url} on this machine).
 */
public final class PriceTable {
  /**
   * USD per million tokens (input, output, cache hits, 5-minute cache writes) as Anthropic's pricing
   * page lists them; only prices checked against the vendor's own page are here.
   */
  private static final Map<String, Price> BUILT_IN = Map.ofEntries(
      Map.entry("claude-opus-4-5", new Price(5, 25, 0.5, 6.25)),
      Map.entry("claude-opus-4-1", new Price(15, 75, 1.5, 18.75)),
      Map.entry("claude-opus-4", new Price(15, 75, 1.5, 18.75)),
      Map.entry("claude-sonnet-4", new Price(3, 15, 0.3, 3.75)),
      Map.entry("claude-3-7-sonnet", new Price(3, 15, 0.3, 3.75)),
      Map.entry("claude-3-5-sonnet", new Price(3, 15, 0.3, 3.75)),
      Map.entry("claude-3-5-haiku", new Price(0.8, 4, 0.08, 1)));
  /** A suffix naming a snapshot or alias of the same model: a date, {@code -latest}, {@code -0}, a Bedrock version. */
  private static final Pattern SAME_MODEL = Pattern.compile(
      "(?:-0|-latest|[-@]\\d{8}|-\\d{4}-\\d{2}-\\d{2})?(?:-v\\d+(?::\\d+)?)?$");
  /** OpenRouter writes versions with dots ({@code claude-3.7-sonnet}); the table with dashes. */
  private static final Pattern DOTTED_VERSION = Pattern.compile("(\\d)\\.(\\d)");

  private static final PriceTable BUILT_IN_ONLY = new PriceTable(Map.of(), Set.of());

  private final Map<String, Price> configured;
  private final Set<String> unbilled; // provider names, lower case, the built-in table never prices

  private PriceTable(Map<String, Price> configured, Set<String> unbilled) {
    this.configured = configured;
    this.unbilled = unbilled;
  }

  /** The built-in table alone. */
  public static PriceTable builtIn() {
    return BUILT_IN_ONLY;
  }

  /** The config's {@code "Prices"} (may be null) over the built-in table; a malformed entry is a {@link ConfigException}. */
  public static PriceTable of(JsonObject prices) {
    return of(prices, Set.of());
  }

  /**
   * The config's {@code "Prices"} over the built-in table, which never prices a provider that does
   * not bill: one named {@code ollama}, or whose {@code api_base_url} is on this machine.
   */
  public static PriceTable forConfig(CcrConfig config) {
    Set<String> unbilled = new HashSet<>();
    for (ProviderConfig p : config.providers()) {
      if (!bills(p)) unbilled.add(p.name().toLowerCase(Locale.ROOT));
    }
    return of(config.resolved().getObject("Prices"), Set.copyOf(unbilled));
  }

  /** Whether list prices can apply to {@code provider}: not Ollama, not a server on this machine. */
  static boolean bills(ProviderConfig provider) {
    if (provider.name().toLowerCase(Locale.ROOT).contains("ollama")) return false;
    HttpUrl url = provider.apiBaseUrl() == null ? null : HttpUrl.parse(provider.apiBaseUrl());
    if (url == null) return true;
    String host = url.host();
    return !(host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.") || host.equals("::1")
        || host.equals("0.0.0.0"));
  }

  private static PriceTable of(JsonObject prices, Set<String> unbilled) {
    if ((prices == null || prices.isEmpty()) && unbilled.isEmpty()) return BUILT_IN_ONLY;
    if (prices == null) return new PriceTable(Map.of(), unbilled);
    List<String> problems = new ArrayList<>();
    Map<String, Price> out = new LinkedHashMap<>();
    prices.members().forEach((key, v) -> {
      Price p = price("Prices[\"" + key + "\"]", v, problems);
      if (p != null) out.put(key.toLowerCase(Locale.ROOT), p);
    });
    if (!problems.isEmpty()) throw new ConfigException(problems);
    return new PriceTable(Map.copyOf(out), unbilled);
  }

  private static Price price(String path, JsonValue v, List<String> problems) {
    if (!(v instanceof JsonObject o)) {
      problems.add(path + " must be an object like {\"input\": 0.27, \"output\": 1.10}");
      return null;
    }
    double input = number(o, "input", path, problems, -1);
    double output = number(o, "output", path, problems, -1);
    if (input < 0 || output < 0) return null;
    double cacheRead = number(o, "cache_read", path, problems, input);
    double cacheWrite = number(o, "cache_write", path, problems, input);
    return new Price(input, output, cacheRead, cacheWrite);
  }

  private static double number(JsonObject o, String name, String path, List<String> problems, double absent) {
    if (!o.has(name)) {
      if (absent < 0) problems.add(path + "." + name + " is missing: the price per million tokens");
      return absent;
    }
    JsonNumber n = o.getNumber(name);
    if (n == null || n.doubleValue() < 0) {
      problems.add(path + "." + name + " must be a number of at least 0 (the price per million tokens)");
      return -1;
    }
    return n.doubleValue();
  }

  /**
   * The price of {@code model} at {@code provider}: the config's for the route, then for the model,
   * then built in (exact names only, and only where the provider bills).
   */
  public Optional<Price> find(String provider, String model) {
    String m = model.toLowerCase(Locale.ROOT);
    Price p = configured.get(provider.toLowerCase(Locale.ROOT) + "," + m);
    if (p == null) p = configured.get(m);
    if (p != null) return Optional.of(p);
    if (unbilled.contains(provider.toLowerCase(Locale.ROOT))) return Optional.empty();
    // Aggregators name models "vendor/model" (Bedrock "region.anthropic.model") or add ":free"-style tags.
    String bare = m.substring(m.lastIndexOf('/') + 1);
    if (bare.endsWith(":free")) return Optional.of(new Price(0, 0, 0, 0));
    int vendor = bare.indexOf("anthropic.");
    if (vendor >= 0) bare = bare.substring(vendor + "anthropic.".length());
    bare = DOTTED_VERSION.matcher(bare).replaceAll("$1-$2");
    Price exact = BUILT_IN.get(bare);
    if (exact != null) return Optional.of(exact);
    return Optional.ofNullable(BUILT_IN.get(SAME_MODEL.matcher(bare).replaceFirst("")));
  }
}
