package dev.ccr.server;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.alerts.BudgetPeriod;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.usage.Histogram;
import dev.ccr.usage.Totals;
import dev.ccr.usage.UsageLedger;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@code GET /metrics}: the usage ledger's figures in the Prometheus text format, read at scrape
 * time, so they always agree with {@code /api/usage}. Labels are the provider and model (never the
 * session: its values are unbounded), as the ledger keys them: past 200 distinct models the rest
 * are {@code other}, so client-chosen model names cannot grow the label sets without end.
 */
final class Metrics {
  static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private Metrics() {}

  static byte[] scrape(ClaudeCodeRouter router) {
    UsageLedger ledger = router.usage();
    Map<String, Totals> routes = ledger.byRoute();
    PrometheusRegistry registry = new PrometheusRegistry();
    counter(registry, "ccr_requests", "Exchanges answered or failed", routes, (t, cb) -> cb.value(t.requests()));
    counter(registry, "ccr_upstream_attempts", "Upstream calls, retries and fallbacks included", routes,
        (t, cb) -> cb.value(t.attempts()));
    // A group with no priced exchange has no cost series: its cost is unknown, not 0.
    Map<String, Totals> priced = new java.util.TreeMap<>(routes);
    priced.values().removeIf(t -> t.pricedRequests() == 0);
    counter(registry, "ccr_cost", "Cost in the prices' currency (priced routes only)", priced, (t, cb) -> cb.value(t.cost()));
    counter(registry, "ccr_unpriced_requests", "Exchanges on routes with no price: their cost is unknown", routes,
        (t, cb) -> cb.value(t.unpricedRequests()));
    CounterWithCallback.builder().name("ccr_errors").help("Failed exchanges by error type")
        .labelNames("provider", "model", "type")
        .callback(cb -> routes.forEach((route, t) -> t.errorsByType().forEach((type, n) -> {
          String[] pm = split(route);
          cb.call(n, pm[0], pm[1], type);
        })))
        .register(registry);
    CounterWithCallback.builder().name("ccr_tokens").help("Tokens by kind: input, output, cache_read, cache_creation")
        .labelNames("provider", "model", "kind")
        .callback(cb -> routes.forEach((route, t) -> {
          String[] pm = split(route);
          cb.call(t.inputTokens(), pm[0], pm[1], "input");
          cb.call(t.outputTokens(), pm[0], pm[1], "output");
          cb.call(t.cacheReadTokens(), pm[0], pm[1], "cache_read");
          cb.call(t.cacheCreationTokens(), pm[0], pm[1], "cache_creation");
        }))
        .register(registry);
    CounterWithCallback.builder().name("ccr_usage_records_dropped").help("Usage records lost because the ledger fell behind")
        .callback(cb -> cb.call(ledger.dropped())).register(registry);
    GaugeWithCallback.builder().name("ccr_open_streams").help("Streamed answers in progress")
        .callback(cb -> cb.call(ledger.openStreams())).register(registry);
    Map<String, Boolean> circuits = router.circuits();
    GaugeWithCallback.builder().name("ccr_circuit_open").help("1 while calls skip the target after repeated failures")
        .labelNames("provider", "model")
        .callback(cb -> circuits.forEach((route, open) -> {
          String[] pm = split(route);
          cb.call(open ? 1 : 0, pm[0], pm[1]);
        }))
        .register(registry);
    List<BudgetPeriod> budget = router.guards().budget();
    GaugeWithCallback.builder().name("ccr_budget_spent").help("Spend in the current budget period (UTC day or month)")
        .labelNames("period").callback(cb -> budget.forEach(p -> cb.call(p.spent(), p.name()))).register(registry);
    GaugeWithCallback.builder().name("ccr_budget_limit").help("The budget limit of the period (0: none)")
        .labelNames("period").callback(cb -> budget.forEach(p -> cb.call(p.limit(), p.name()))).register(registry);
    // Each alert's state as /api/usage shows it, by condition and scenario.
    Map<String, Boolean> alerts = new java.util.LinkedHashMap<>();
    JsonObject monitoring = router.guards().monitoringReport();
    if (monitoring != null) {
      for (JsonValue v : monitoring.getArray("alerts").elements()) {
        JsonObject a = v.asObject();
        alerts.merge(a.getString("threshold") + " (" + a.getString("scenario") + ")",
            Boolean.TRUE.equals(a.getBoolean("active")), Boolean::logicalOr);
      }
    }
    GaugeWithCallback.builder().name("ccr_monitoring_alert_active").help("1 while a monitoring alert is triggered")
        .labelNames("alert").callback(cb -> alerts.forEach((a, on) -> cb.call(on ? 1 : 0, a))).register(registry);
    registry.register((MultiCollector) () -> MetricSnapshots.of(
        histogram("ccr_request_duration_seconds", "Exchange duration", routes, Totals::latency),
        histogram("ccr_time_to_first_token_seconds", "Time to the first event or byte of the answer", routes,
            Totals::ttft)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return out.toByteArray();
  }

  private interface Value {
    void value(double v);
  }

  private static void counter(PrometheusRegistry registry, String name, String help, Map<String, Totals> routes,
      BiConsumer<Totals, Value> value) {
    CounterWithCallback.builder().name(name).help(help).labelNames("provider", "model")
        .callback(cb -> routes.forEach((route, t) -> {
          String[] pm = split(route);
          value.accept(t, v -> cb.call(v, pm[0], pm[1]));
        }))
        .register(registry);
  }

  private static HistogramSnapshot histogram(String name, String help, Map<String, Totals> routes,
      java.util.function.Function<Totals, Histogram> of) {
    HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(name).help(help);
    routes.forEach((route, t) -> {
      Histogram h = of.apply(t);
      long[] bounds = h.upperBoundsMs();
      double[] seconds = new double[bounds.length + 1];
      for (int i = 0; i < bounds.length; i++) seconds[i] = bounds[i] / 1000.0;
      seconds[bounds.length] = Double.POSITIVE_INFINITY;
      String[] pm = split(route);
      b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
          .classicHistogramBuckets(ClassicHistogramBuckets.of(seconds, h.counts()))
          .sum(h.sumMs() / 1000.0)
          .labels(Labels.of("provider", pm[0], "model", pm[1]))
          .build());
    });
    return b.build();
  }

  /** {@code provider,model} split at the first comma, as config.json routes are. */
  private static String[] split(String route) {
    int comma = route.indexOf(',');
    return new String[] {route.substring(0, comma), route.substring(comma + 1)};
  }
}
