package dev.ccr.usage;

import dev.ccr.ConfigException;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Token prices: the config's {@code "Prices"} ({@code {"provider,model": {"input": 0.27, "output":
 * 1.10, "cache_read": 0.07, "cache_write": 0.27}}}, per million tokens; a key may also be a bare
 * model name) over a small built-in table of the presets' popular models in US dollars. A price
 * without {@code cache_read} or {@code cache_write} charges those tokens as input.
 */
public final class PriceTable {
  /** List prices in USD per million tokens, by model name prefix; the longest matching prefix wins. */
  private static final Map<String, Price> BUILT_IN = Map.ofEntries(
      Map.entry("deepseek-chat", new Price(0.27, 1.10, 0.07, 0.27)),
      Map.entry("deepseek-reasoner", new Price(0.55, 2.19, 0.14, 0.55)),
      Map.entry("claude-opus-4", new Price(15, 75, 1.5, 18.75)),
      Map.entry("claude-sonnet-4", new Price(3, 15, 0.3, 3.75)),
      Map.entry("claude-3-7-sonnet", new Price(3, 15, 0.3, 3.75)),
      Map.entry("claude-3-5-sonnet", new Price(3, 15, 0.3, 3.75)),
      Map.entry("claude-haiku-4-5", new Price(1, 5, 0.1, 1.25)),
      Map.entry("claude-3-5-haiku", new Price(0.8, 4, 0.08, 1)),
      Map.entry("gpt-4o", new Price(2.5, 10, 1.25, 2.5)),
      Map.entry("gpt-4o-mini", new Price(0.15, 0.6, 0.075, 0.15)),
      Map.entry("gpt-4.1", new Price(2, 8, 0.5, 2)),
      Map.entry("gpt-4.1-mini", new Price(0.4, 1.6, 0.1, 0.4)),
      Map.entry("gemini-2.5-pro", new Price(1.25, 10, 0.31, 1.25)),
      Map.entry("gemini-2.5-flash", new Price(0.3, 2.5, 0.075, 0.3)),
      Map.entry("kimi-k2", new Price(0.6, 2.5, 0.15, 0.6)));

  private static final PriceTable BUILT_IN_ONLY = new PriceTable(Map.of());

  private final Map<String, Price> configured;

  private PriceTable(Map<String, Price> configured) {
    this.configured = configured;
  }

  /** The built-in table alone. */
  public static PriceTable builtIn() {
    return BUILT_IN_ONLY;
  }

  /** The config's {@code "Prices"} (may be null) over the built-in table; a malformed entry is a {@link ConfigException}. */
  public static PriceTable of(JsonObject prices) {
    if (prices == null || prices.isEmpty()) return BUILT_IN_ONLY;
    List<String> problems = new ArrayList<>();
    Map<String, Price> out = new LinkedHashMap<>();
    prices.members().forEach((key, v) -> {
      Price p = price("Prices[\"" + key + "\"]", v, problems);
      if (p != null) out.put(key.toLowerCase(Locale.ROOT), p);
    });
    if (!problems.isEmpty()) throw new ConfigException(problems);
    return new PriceTable(Map.copyOf(out));
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

  /** The price of {@code model} at {@code provider}: the config's for the route, then for the model, then built in. */
  public Optional<Price> find(String provider, String model) {
    String m = model.toLowerCase(Locale.ROOT);
    Price p = configured.get(provider.toLowerCase(Locale.ROOT) + "," + m);
    if (p == null) p = configured.get(m);
    if (p != null) return Optional.of(p);
    // Aggregators name models "vendor/model" or add ":free"-style tags; the table names the model.
    String bare = m.substring(m.lastIndexOf('/') + 1);
    if (bare.endsWith(":free")) return Optional.of(new Price(0, 0, 0, 0));
    String best = null;
    for (String prefix : BUILT_IN.keySet()) {
      if (bare.startsWith(prefix) && (best == null || prefix.length() > best.length())) best = prefix;
    }
    return Optional.ofNullable(best == null ? null : BUILT_IN.get(best));
  }
}
