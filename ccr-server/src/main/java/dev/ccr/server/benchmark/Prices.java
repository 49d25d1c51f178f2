package dev.ccr.server.benchmark;

import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The config's {@code "Prices"}: {@code {"provider,model": {"input": 0.27, "output": 1.10}}} per million
 * tokens. Small on purpose, until the usage accounting's price table replaces it.
 */
final class Prices {
  private final JsonObject prices;

  private Prices(JsonObject prices) {
    this.prices = prices;
  }

  static Prices of(JsonObject config) {
    JsonValue p = config.get("Prices");
    return new Prices(p != null && p.asObject() != null ? p.asObject() : JsonObject.of());
  }

  /** What {@code input} and {@code output} tokens cost on {@code target}, when its prices are known. */
  OptionalDouble cost(String target, long input, long output) {
    JsonObject price = prices.getObject(target);
    if (price == null) return OptionalDouble.empty();
    double total = 0;
    for (Map.Entry<String, Long> e : Map.of("input", input, "output", output).entrySet()) {
      var n = price.getNumber(e.getKey());
      if (n != null) total += n.doubleValue() * e.getValue() / 1_000_000;
    }
    return OptionalDouble.of(total);
  }
}
