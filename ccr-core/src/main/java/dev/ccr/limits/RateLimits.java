package dev.ccr.limits;

import dev.ccr.ConfigException;
import dev.ccr.LimitExceededException;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.routing.Route;
import dev.ccr.state.Charge;
import dev.ccr.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * {@code RATE_LIMITS}: requests and tokens per minute for a route ({@code "routes": {"provider,model":
 * {...}}}) and for a client key ({@code "keys": {"<key or $VAR>": {...}}}). A request counts against
 * the route it is routed to and the key it came with, all or none, in fixed one-minute windows kept
 * in the {@link StateStore}, so instances sharing one hold one limit between them. Tokens are the
 * request's input tokens as routing counts them; the request that crosses the token limit is the last let through.
 */
public final class RateLimits {
  public static final long WINDOW_MS = 60_000;

  private record Limit(long requestsPerMinute, long tokensPerMinute) {}

  private final Map<String, Limit> routes;
  private final Map<String, Limit> keys;

  private RateLimits(Map<String, Limit> routes, Map<String, Limit> keys) {
    this.routes = routes;
    this.keys = keys;
  }

  /** The limits {@code config} sets; a {@link ConfigException} naming every problem in them. */
  public static RateLimits of(CcrConfig config) {
    JsonObject section = config.resolved().getObject("RATE_LIMITS");
    List<String> problems = new ArrayList<>();
    Map<String, Limit> routes = new LinkedHashMap<>();
    Map<String, Limit> keys = new LinkedHashMap<>();
    if (section != null) {
      read(section.getObject("routes"), "routes", problems).forEach((k, v) -> routes.put(k.toLowerCase(Locale.ROOT), v));
      read(section.getObject("keys"), "keys", problems).forEach((k, v) -> {
        // A $VAR that is not set stays a reference: it names no client key, and must not match one sent literally.
        if (!k.startsWith("$")) keys.put(k, v);
      });
    }
    if (!problems.isEmpty()) throw new ConfigException(problems);
    return new RateLimits(Map.copyOf(routes), Map.copyOf(keys));
  }

  private static Map<String, Limit> read(JsonObject section, String name, List<String> problems) {
    Map<String, Limit> out = new LinkedHashMap<>();
    if (section == null) return out;
    int i = 0;
    for (Map.Entry<String, JsonValue> e : section.members().entrySet()) {
      // key entries are named by secrets: a problem names them by position
      String label = "RATE_LIMITS." + name + (name.equals("keys") ? "[" + i + "]" : "[\"" + e.getKey() + "\"]");
      i++;
      if (!(e.getValue() instanceof JsonObject o)) {
        problems.add(label + " must be an object with requests_per_minute and/or tokens_per_minute");
        continue;
      }
      long rpm = count(o, "requests_per_minute", label, problems);
      long tpm = count(o, "tokens_per_minute", label, problems);
      if (rpm >= 0 || tpm >= 0) out.put(e.getKey(), new Limit(rpm, tpm));
    }
    return out;
  }

  private static long count(JsonObject o, String field, String label, List<String> problems) {
    JsonValue v = o.get(field);
    if (v == null) return -1;
    if (v instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 0) return n.longValue();
    problems.add(label + "." + field + " must be a whole number of at least 0, not " + v.toJson());
    return -1;
  }

  /** True when no limit is set: nothing to take. */
  public boolean isEmpty() {
    return routes.isEmpty() && keys.isEmpty();
  }

  /**
   * Takes one request along {@code route}, from {@code clientKey} (null when none), from the
   * windows in {@code state}; a {@link LimitExceededException} (429) saying when to retry when a
   * window is full. {@code tokens} is asked only when a token limit applies.
   */
  public void admit(Route route, String clientKey, IntSupplier tokens, StateStore state, Instant now) {
    List<Charge> charges = new ArrayList<>(4);
    int[] counted = {-1};
    IntSupplier once = () -> counted[0] >= 0 ? counted[0] : (counted[0] = tokens.getAsInt());
    Limit r = routes.get(route.target().toLowerCase(Locale.ROOT));
    if (r != null) charge(charges, "route:" + route.target().toLowerCase(Locale.ROOT), r, once);
    Limit k = clientKey == null ? null : keys.get(clientKey);
    if (k != null) charge(charges, "client:" + StateStore.keyId("client", clientKey), k, once);
    if (charges.isEmpty()) return;
    long waitMs = state.take(charges, WINDOW_MS, now);
    if (waitMs > 0) {
      long seconds = Math.max(1, (waitMs + 999) / 1000);
      String what = r != null && k != null ? route.target() + " or this client key" : r != null ? route.target()
          : "this client key";
      throw new LimitExceededException(429, "rate limit reached for " + what + " (RATE_LIMITS); retry in " + seconds
          + " s", seconds);
    }
  }

  private static void charge(List<Charge> charges, String bucket, Limit limit, IntSupplier tokens) {
    if (limit.requestsPerMinute >= 0) charges.add(new Charge(bucket + ":rpm", 1, limit.requestsPerMinute));
    if (limit.tokensPerMinute >= 0) charges.add(new Charge(bucket + ":tpm", tokens.getAsInt(), limit.tokensPerMinute));
  }
}
