package dev.ccr.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.CcrException;
import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.routing.Route;
import dev.ccr.testing.FakeClock;
import dev.ccr.usage.UsageLedger;
import dev.ccr.usage.UsageRecord;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Budgets and monitoring alerts over a ledger fed with known records, on a fake clock. */
class GuardsTest {
  final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T10:00:00Z"));
  final UsageLedger ledger = new UsageLedger(100, clock.now());
  MockWebServer hook;
  Guards guards;

  static final Route DEFAULT = new Route("deepseek", "deepseek-chat", "default", "no other rule matched", "s1");

  @BeforeEach
  void start() throws Exception {
    hook = new MockWebServer();
    hook.start();
    for (int i = 0; i < 20; i++) hook.enqueue(new MockResponse.Builder().code(204).build());
  }

  @AfterEach
  void stop() {
    if (guards != null) guards.close();
    ledger.close();
    hook.close();
  }

  private Guards guards(String extra) {
    CcrConfig config = CcrConfig.parse("{Providers: ["
        + "{name: 'deepseek', api_base_url: 'http://127.0.0.1:9/v1/chat/completions', api_key: 'k', models: ['deepseek-chat']},"
        + "{name: 'ollama', api_base_url: 'http://127.0.0.1:9/v1/chat/completions', models: ['llama3.1:70b']}],"
        + " Router: {default: 'deepseek,deepseek-chat'}, alertWebhook: '" + hook.url("/alerts") + "', " + extra + "}");
    return guards = Guards.of(config, ledger, clock);
  }

  private void spend(double cost) throws InterruptedException {
    ledger.record(record(clock.now(), 1000, null, cost));
    ledger.flush();
    guards.check();
  }

  private static UsageRecord record(Instant time, long durationMs, String error, Double cost) {
    return new UsageRecord("r", time, "s1", "default", "", "deepseek", "deepseek-chat", error == null ? 200 : 502, 1, 10,
        10, 0, 0, durationMs / 2, durationMs, 10, error, cost);
  }

  private JsonObject nextAlert() throws InterruptedException {
    RecordedRequest r = hook.takeRequest(30, TimeUnit.SECONDS);
    assertThat(r).as("an alert was posted").isNotNull();
    return (JsonObject) Json.parse(r.getBody().utf8());
  }

  @Test
  void eachThresholdIsAlertedOncePerPeriodAndTheLimitRefusesWithA429NamingIt() throws Exception {
    guards("budgetControl: {dailyLimit: 10, monthlyLimit: 1000, alertThresholds: [0.5, 0.9]}");

    assertThat(guards.percentUsed()).isZero();
    spend(6); // past 0.5
    assertThat(guards.percentUsed()).as("6 of the daily 10, more than 6 of the monthly 1000").isEqualTo(60.0);
    spend(1); // still past 0.5 only: nothing new
    guards.check();
    spend(2.5); // 9.5: past 0.9
    assertThat(guards.apply(DEFAULT)).isEqualTo(DEFAULT);
    spend(1); // 10.5: the limit

    JsonObject first = nextAlert();
    assertThat(first.getString("type")).isEqualTo("budget_alert");
    assertThat(first.getString("period")).isEqualTo("daily");
    assertThat(first.getString("period_start")).isEqualTo("2026-12-01");
    assertThat(first.getNumber("threshold").doubleValue()).isEqualTo(0.5);
    assertThat(nextAlert().getNumber("threshold").doubleValue()).as("0.5 went out once; 0.9 is next").isEqualTo(0.9);
    assertThat(nextAlert().getNumber("threshold").doubleValue()).as("then the limit itself").isEqualTo(1.0);

    assertThatThrownBy(() -> guards.apply(DEFAULT))
        .isInstanceOfSatisfying(CcrException.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.errorType()).isEqualTo("rate_limit_error");
        })
        .hasMessageContaining("daily budget of 10.0 is spent (10.5 in 2026-12-01)")
        .hasMessageContaining("budgetControl.dailyLimit");
    JsonObject report = guards.budgetReport();
    assertThat(report.getBoolean("over_limit")).isTrue();
    assertThat(report.getString("action")).isEqualTo("refuse");
    assertThat(report.getObject("daily").getNumber("spent").doubleValue()).isEqualTo(10.5);

    clock.advance(TimeUnit.DAYS.toMillis(1)); // a new UTC day
    assertThat(guards.apply(DEFAULT)).isEqualTo(DEFAULT);
    spend(6);
    JsonObject nextDay = nextAlert();
    assertThat(nextDay.getString("period_start")).as("a new period alerts again").isEqualTo("2026-12-02");
    assertThat(nextDay.getNumber("threshold").doubleValue()).isEqualTo(0.5);
  }

  @Test
  void overTheLimitTheFallbackRouteTakesOverAndSaysWhy() throws Exception {
    guards("budgetControl: {monthlyLimit: 5, autoFallback: {enabled: true, fallbackProvider: 'ollama,llama3.1:70b'}}");

    spend(5);
    Route routed = guards.apply(DEFAULT);

    assertThat(routed.target()).isEqualTo("ollama,llama3.1:70b");
    assertThat(routed.scenario()).isEqualTo("default");
    assertThat(routed.sessionId()).isEqualTo("s1");
    assertThat(routed.reason()).startsWith("budget: the monthly budget of 5.0 is spent (5.0 in 2026-12)")
        .endsWith("instead of deepseek,deepseek-chat");
    assertThat(guards.budgetReport().getString("action")).isEqualTo("fallback");
  }

  @Test
  void aSlowRouteIsSwitchedAwayAndBackOnlyAfterTheCooldownWithoutFlapping() throws Exception {
    guards("monitoring: {alerts: [{threshold: 'p95_latency_ms > 10000', action: ['switch_to:ollama,llama3.1:70b', "
        + "'webhook'], minRequests: 3, cooldownSeconds: 60}]}");

    for (int i = 0; i < 2; i++) ledger.record(record(clock.now(), 20_000, null, null));
    ledger.flush();
    guards.check();
    assertThat(guards.apply(DEFAULT)).as("two slow records are not enough to judge").isEqualTo(DEFAULT);

    clock.advance(1000);
    ledger.record(record(clock.now(), 20_000, null, null));
    ledger.flush();
    guards.check();
    Route switched = guards.apply(DEFAULT);
    assertThat(switched.target()).isEqualTo("ollama,llama3.1:70b");
    assertThat(switched.reason()).isEqualTo("monitoring: p95_latency_ms 20000 > 10000 on deepseek,deepseek-chat, so "
        + "ollama,llama3.1:70b instead");
    JsonObject alert = nextAlert();
    assertThat(alert.getString("type")).isEqualTo("monitoring_alert");
    assertThat(alert.getString("state")).isEqualTo("triggered");
    assertThat(alert.getString("what")).isEqualTo("switched default from deepseek,deepseek-chat to ollama,llama3.1:70b");

    clock.advance(59_000);
    guards.check();
    assertThat(guards.apply(DEFAULT).target()).as("within the cooldown").isEqualTo("ollama,llama3.1:70b");

    clock.advance(1_000);
    guards.check();
    assertThat(guards.apply(DEFAULT)).as("tried again once the cooldown is over").isEqualTo(DEFAULT);
    assertThat(nextAlert().getString("state")).isEqualTo("cleared");

    clock.advance(1000);
    ledger.record(record(clock.now(), 20_000, null, null));
    ledger.flush();
    guards.check();
    assertThat(guards.apply(DEFAULT)).as("one slow record in a fresh window does not switch again").isEqualTo(DEFAULT);

    JsonObject report = guards.monitoringReport();
    assertThat(report.getArray("events").size()).isEqualTo(2);
    assertThat(report.getArray("alerts").get(0).asObject().getBoolean("active")).isFalse();
  }

  @Test
  void aSwitchedAlertWithMinRequestsZeroSwitchesBackOnceTheCooldownIsOver() throws Exception {
    guards("monitoring: {alerts: [{threshold: 'p95_latency_ms > 10000', action: 'switch_to:ollama,llama3.1:70b', "
        + "minRequests: 0, cooldownSeconds: 60}]}");
    ledger.record(record(clock.now(), 20_000, null, null));
    ledger.flush();
    guards.check();
    assertThat(guards.apply(DEFAULT).target()).isEqualTo("ollama,llama3.1:70b");

    clock.advance(59_000);
    guards.check();
    assertThat(guards.apply(DEFAULT).target()).as("within the cooldown").isEqualTo("ollama,llama3.1:70b");
    clock.advance(1_000);
    guards.check(); // the watched route had no traffic since the switch: nothing to judge, so it is tried again
    assertThat(guards.apply(DEFAULT)).isEqualTo(DEFAULT);
    assertThat(guards.monitoringReport().getArray("alerts").get(0).asObject().getBoolean("active")).isFalse();
  }

  @Test
  void aSwitchedAlertStaysSwitchedForGuardsBuiltOverTheSameLedgerFromAReloadedConfig() throws Exception {
    String monitoring = "monitoring: {alerts: [{threshold: 'p95_latency_ms > 10000', action: 'switch_to:ollama,llama3.1:70b', "
        + "minRequests: 1, cooldownSeconds: 60}]}";
    Guards before = guards(monitoring);
    ledger.record(record(clock.now(), 20_000, null, null));
    ledger.flush();
    before.check();
    assertThat(before.apply(DEFAULT).target()).isEqualTo("ollama,llama3.1:70b");
    before.close();

    Guards reloaded = guards(monitoring); // a reload builds a new router over the ledger it kept
    assertThat(reloaded.apply(DEFAULT).target()).as("still switched").isEqualTo("ollama,llama3.1:70b");
    assertThat(reloaded.monitoringReport().getArray("events").size()).as("the switch is still listed").isEqualTo(1);
    clock.advance(30_000);
    reloaded.check();
    assertThat(reloaded.apply(DEFAULT).target()).as("the cooldown counts from the switch, not the reload")
        .isEqualTo("ollama,llama3.1:70b");
    clock.advance(30_000);
    reloaded.check();
    assertThat(reloaded.apply(DEFAULT)).isEqualTo(DEFAULT);
  }

  @Test
  void aRecordThatSpendsTheBudgetIsEnforcedOnceTheLedgerHasItWithoutWaitingForTheChecks() throws Exception {
    guards("budgetControl: {dailyLimit: 10}");
    ledger.record(record(clock.now(), 1000, null, 10.5));
    ledger.flush(); // the checks run later on their own thread; routing reads what the ledger's thread left

    assertThatThrownBy(() -> guards.apply(DEFAULT)).isInstanceOf(CcrException.class)
        .hasMessageContaining("daily budget of 10.0 is spent (10.5 in 2026-12-01)");
  }

  @Test
  void aSpentBudgetHoldsFromTheFirstRequestOfNewGuardsAndEndsWithItsDay() throws Exception {
    ledger.record(record(clock.now(), 1000, null, 11.0));
    ledger.flush();
    guards("budgetControl: {dailyLimit: 10}"); // built after the spend, before any check

    assertThatThrownBy(() -> guards.apply(DEFAULT)).isInstanceOf(CcrException.class)
        .hasMessageContaining("daily budget of 10.0 is spent (11.0 in 2026-12-01)");
    assertThat(guards.percentUsed()).isCloseTo(110.0, org.assertj.core.api.Assertions.within(1e-9));
    clock.advance(TimeUnit.DAYS.toMillis(1)); // no record and no check since: the ended day no longer counts
    assertThat(guards.apply(DEFAULT)).isEqualTo(DEFAULT);
    assertThat(guards.percentUsed()).isZero();
  }

  @Test
  void anErrorRateAlertClearsOnlyPastItsHysteresisMargin() throws Exception {
    guards("monitoring: {alerts: [{threshold: 'error_rate > 0.5', action: 'log', minRequests: 4, cooldownSeconds: 0}]}");

    for (int i = 0; i < 4; i++) ledger.record(record(clock.now(), 100, i < 3 ? "api_error" : null, null));
    ledger.flush();
    guards.check();
    assertThat(guards.monitoringReport().getArray("alerts").get(0).asObject().getBoolean("active")).isTrue();

    clock.advance(1000);
    // 2 failures in 5 fresh records: 0.4, under 0.5 but not under 0.5 * (1 - 0.2) = 0.4
    for (int i = 0; i < 5; i++) ledger.record(record(clock.now(), 100, i < 2 ? "api_error" : null, null));
    ledger.flush();
    guards.check();
    assertThat(guards.monitoringReport().getArray("alerts").get(0).asObject().getBoolean("active")).isTrue();

    clock.advance(1000);
    for (int i = 0; i < 5; i++) ledger.record(record(clock.now(), 100, null, null)); // 2 of 10: 0.2
    ledger.flush();
    guards.check();
    assertThat(guards.monitoringReport().getArray("alerts").get(0).asObject().getBoolean("active")).isFalse();
    assertThat(guards.apply(DEFAULT)).as("a log-only alert never reroutes").isEqualTo(DEFAULT);
  }

  @Test
  void withBudgetControlEveryRoutedTargetWithoutAPriceIsNamedAtStart() {
    CcrConfig config = CcrConfig.parse("{Providers: ["
        + "{name: 'deepseek', api_base_url: 'http://127.0.0.1:9/v1/chat/completions', api_key: 'k', models: ['deepseek-chat']},"
        + "{name: 'anth', api_base_url: 'https://api.anthropic.com/v1/messages', api_key: 'k',"
        + " models: ['claude-opus-4', 'claude-opus-4-6']},"
        + "{name: 'ollama', api_base_url: 'http://127.0.0.1:9/v1/chat/completions', models: ['llama3.1:70b']}],"
        + " Router: {default: 'deepseek,deepseek-chat', think: 'anth,claude-opus-4'},"
        + " fallback: {default: ['anth,claude-opus-4-6']},"
        + " budgetControl: {dailyLimit: 10, autoFallback: {enabled: true, fallbackProvider: 'ollama,llama3.1:70b'}}}");

    assertThat(Guards.unpriced(config, dev.ccr.usage.PriceTable.forConfig(config))).as("a local server bills nothing known")
        .containsExactlyInAnyOrder("deepseek,deepseek-chat", "anth,claude-opus-4-6", "ollama,llama3.1:70b");
    CcrConfig priced = CcrConfig.parse(config.resolved().toJson().replace("\"budgetControl\"",
        "\"Prices\": {\"deepseek-chat\": {\"input\": 1, \"output\": 2}}, \"budgetControl\""));
    assertThat(Guards.unpriced(priced, dev.ccr.usage.PriceTable.forConfig(priced)))
        .containsExactlyInAnyOrder("anth,claude-opus-4-6", "ollama,llama3.1:70b");
  }

  @Test
  void badBudgetAndMonitoringSettingsAreConfigProblems() {
    assertThatThrownBy(() -> guards("budgetControl: {dailyLimit: -1, alertThresholds: [2], autoFallback: "
        + "{fallbackProvider: 'nobody,x'}}, monitoring: {alerts: [{threshold: 'latency is high', action: 'page'}]}"))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "budgetControl.dailyLimit must be a number above 0 (in the prices' currency)",
            "budgetControl.alertThresholds holds 2; each is a share of the limit above 0, at most 1",
            "budgetControl.autoFallback.fallbackProvider names provider \"nobody\", which is not configured",
            "monitoring.alerts[0].threshold \"latency is high\" is not a condition like \"p95_latency_ms > 10000\"; "
                + "figures: pNN_latency_ms, pNN_ttft_ms, error_rate, daily_cost, monthly_cost"));
  }
}
