package dev.ccr.alerts;

import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.config.RouteTarget;
import dev.ccr.engine.Clock;
import dev.ccr.json.JsonObject;
import dev.ccr.routing.Route;
import dev.ccr.usage.PriceTable;
import dev.ccr.usage.UsageLedger;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config's {@code budgetControl} and {@code monitoring}, watching the usage ledger: after each
 * record (on a listener thread, never the exchange's) thresholds and alert conditions are checked;
 * routing asks {@link #apply} where a request goes given the budget and the active alerts, which
 * reads only what the latest check left (no lock on the request path). Alert state is kept with the
 * ledger, so a router built over the same ledger from a reloaded config carries on where this one was.
 */
public final class Guards implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Guards.class);

  private final Budget budget;
  private final Monitor monitor;
  private final UsageLedger ledger;
  private final Clock clock;
  private final AlertWebhook webhook;
  private final AutoCloseable subscription;
  private final AutoCloseable budgetWatch;
  private final java.util.concurrent.locks.ReentrantLock checking = new java.util.concurrent.locks.ReentrantLock();

  private Guards(Budget budget, Monitor monitor, UsageLedger ledger, Clock clock, String webhookUrl) {
    this.budget = budget;
    this.monitor = monitor;
    this.ledger = ledger;
    this.clock = clock;
    this.webhook = new AlertWebhook(webhookUrl);
    if (budget != null) budget.refresh(ledger, clock.now()); // a spent budget holds from the first request on
    // The spend routing reads is brought up to date on the ledger's thread, so it holds once a record is in.
    this.budgetWatch = budget == null ? null : ledger.watch(r -> budget.refresh(ledger, clock.now()));
    this.subscription = budget == null && monitor == null ? null : ledger.subscribe(r -> check());
  }

  /** Every problem in the config's {@code budgetControl}, {@code monitoring} and {@code alertWebhook}; empty when none. */
  public static List<String> check(CcrConfig config) {
    List<String> problems = new ArrayList<>();
    Budget.from(config, problems);
    Monitor.rules(config, problems);
    webhookUrl(config, problems);
    return problems;
  }

  /**
   * The guards {@code config} asks for, over {@code ledger}; a {@link ConfigException} lists every
   * problem. {@link dev.ccr.ClaudeCodeRouter} builds them; embedders read them through its {@code guards()}.
   */
  public static Guards of(CcrConfig config, UsageLedger ledger, Clock clock) {
    List<String> problems = new ArrayList<>();
    Budget budget = Budget.from(config, problems);
    List<Alert> rules = Monitor.rules(config, problems);
    String url = webhookUrl(config, problems);
    if (!problems.isEmpty()) throw new ConfigException(problems);
    if (budget != null) {
      List<String> unpriced = unpriced(config, PriceTable.forConfig(config));
      if (!unpriced.isEmpty()) {
        log.warn("budgetControl counts no spend on {}: no price is known for them; give them one in \"Prices\"",
            String.join(", ", unpriced));
      }
    }
    return new Guards(budget, rules == null ? null : Monitor.over(rules, ledger), ledger, clock, url);
  }

  /** The targets the config routes to ({@code Router}, {@code fallback}, the budget's fallback) that have no price. */
  static List<String> unpriced(CcrConfig config, PriceTable prices) {
    java.util.Set<RouteTarget> targets = new java.util.LinkedHashSet<>(config.router().targets().values());
    config.fallback().values().forEach(targets::addAll);
    JsonObject budget = config.resolved().getObject("budgetControl");
    JsonObject auto = budget == null ? null : budget.getObject("autoFallback");
    RouteTarget fallback = auto == null ? null : RouteTarget.parse(auto.getString("fallbackProvider"));
    if (fallback != null) targets.add(fallback);
    List<String> out = new ArrayList<>();
    for (RouteTarget t : targets) {
      if (prices.find(t.provider(), t.model()).isEmpty()) out.add(t.toString());
    }
    return out;
  }

  private static String webhookUrl(CcrConfig config, List<String> problems) {
    if (!config.resolved().has("alertWebhook")) return null;
    String url = config.resolved().getString("alertWebhook");
    if (url == null || okhttp3.HttpUrl.parse(url) == null) {
      problems.add("alertWebhook must be an http(s) URL");
      return null;
    }
    return url;
  }

  /** Checks the budget thresholds and the alert conditions now; runs after every record by itself. */
  void check() {
    checking.lock(); // one check at a time: alerts leave in the order they were raised
    try {
      if (budget != null) budget.check(ledger, clock.now(), webhook);
      if (monitor != null) monitor.check(ledger, clock.now(), webhook);
    } catch (RuntimeException e) {
      log.warn("budget and monitoring checks failed", e);
    } finally {
      checking.unlock();
    }
  }

  /**
   * Where {@code route} goes given the active alerts (a switched scenario) and the budget (the
   * fallback route once a limit is spent); throws a 429 {@link dev.ccr.CcrException} naming the
   * limit when it is spent and there is no fallback.
   */
  public Route apply(Route route) {
    Route r = monitor == null ? route : monitor.apply(route);
    return budget == null ? r : budget.apply(r, clock.now());
  }

  /** The budget's periods now (daily, then monthly); empty without {@code budgetControl}. */
  public List<BudgetPeriod> budget() {
    return budget == null ? List.of() : budget.periods(ledger, clock.now());
  }

  /**
   * How much of the budget is spent: the larger of the daily and monthly shares, in percent of the
   * limit in its current period; 0 without {@code budgetControl}. Budgets are ccr-wide, so this is
   * what a routing rule's {@code budget_used} fact can read for every session.
   */
  public double percentUsed() {
    if (budget == null) return 0;
    double most = 0;
    for (BudgetPeriod p : budget.current(clock.now())) { // a routing fact: what the latest record left
      if (p.limit() > 0) most = Math.max(most, p.spent() / p.limit() * 100);
    }
    return most;
  }

  /** The budget's state for {@code /api/usage}, or null without {@code budgetControl}. */
  public JsonObject budgetReport() {
    return budget == null ? null : budget.toJson(ledger, clock.now());
  }

  /** The alerts' state and latest switches for {@code /api/usage}, or null without {@code monitoring}. */
  public JsonObject monitoringReport() {
    return monitor == null ? null : monitor.toJson();
  }

  @Override
  public void close() {
    try {
      if (subscription != null) subscription.close();
      if (budgetWatch != null) budgetWatch.close();
    } catch (Exception e) {
      // a subscription's close does not fail
    }
    webhook.close();
  }
}
