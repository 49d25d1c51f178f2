package dev.ccr.server;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.json.JsonObject;
import dev.ccr.usage.Totals;
import dev.ccr.usage.UsageLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/usage}: sums since the start, by route, provider, model and session, the circuits'
 * state, and the budget and monitoring alerts when the config has them.
 */
final class UsageReport {
  /** The most recently active sessions listed; the rest are in the totals. */
  static final int SESSIONS = 100;

  private UsageReport() {}

  static JsonObject of(ClaudeCodeRouter router) {
    UsageLedger ledger = router.usage();
    JsonObject.Builder circuits = JsonObject.builder();
    router.circuits().forEach((target, open) -> circuits.put(target, open ? "open" : "closed"));
    JsonObject.Builder b = JsonObject.builder()
        .put("since", ledger.started().toString())
        .put("now", Instant.now().toString())
        .put("total", total(router).toJson())
        .put("by_route", section(router.combinedUsage()))
        .put("by_provider", section(ledger.byProvider()))
        .put("by_model", section(ledger.byModel()))
        .put("by_session", section(latest(ledger.bySession())))
        .put("open_streams", ledger.openStreams())
        .put("records_dropped", ledger.dropped())
        .put("circuits", circuits.build())
        .put("cache", router.cacheStats().toJson());
    if (router.state().shared()) {
      // total and by_route count every instance sharing the state; the rest is this instance's own
      b.put("shared", true).put("this_instance", ledger.total().toJson());
    }
    JsonObject budget = router.guards().budgetReport();
    if (budget != null) b.put("budget", budget);
    JsonObject monitoring = router.guards().monitoringReport();
    if (monitoring != null) b.put("monitoring", monitoring);
    return b.build();
  }

  /** Sums over every instance sharing the router's state: this one's percentiles, everyone's counts. */
  static Totals total(ClaudeCodeRouter router) {
    Totals mine = router.usage().total();
    if (!router.state().shared()) return mine;
    dev.ccr.state.UsageCounts sum = dev.ccr.state.UsageCounts.ZERO;
    for (Totals t : router.combinedUsage().values()) sum = sum.plus(dev.ccr.state.UsageCounts.of(t));
    return sum.over(mine);
  }

  private static Map<String, Totals> latest(Map<String, Totals> byActivity) {
    List<Map.Entry<String, Totals>> all = new ArrayList<>(byActivity.entrySet());
    Map<String, Totals> out = new java.util.LinkedHashMap<>();
    for (int i = all.size() - 1; i >= 0 && out.size() < SESSIONS; i--) out.put(all.get(i).getKey(), all.get(i).getValue());
    return out;
  }

  private static JsonObject section(Map<String, Totals> figures) {
    JsonObject.Builder b = JsonObject.builder();
    figures.forEach((k, t) -> b.put(k, t.toJson()));
    return b.build();
  }
}
