package dev.ccr.alerts;

import dev.ccr.config.CcrConfig;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.routing.Route;
import dev.ccr.usage.UsageLedger;
import dev.ccr.usage.UsageRecord;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code "monitoring": {"alerts": [...]}}: conditions over rolling figures, each with actions
 * ({@code switch_to:provider,model}, {@code log}, {@code webhook}). An alert triggers when its
 * condition holds over at least {@code minRequests} fresh records; it clears only after {@code
 * cooldownSeconds} and once the figure is back past the threshold by {@code hysteresis} of it (or,
 * when switched away, the watched route has had no traffic to judge: it is then tried again with a
 * fresh window), so a route does not flap. Every switch is logged and kept for {@code /api/usage}.
 */
final class Monitor {
  private static final Logger log = LoggerFactory.getLogger(Monitor.class);
  static final int EVENTS = 50;

  private final List<Alert> rules;
  private final List<Alert.State> states; // states.get(i) is rules.get(i)'s
  private final Kept kept;

  /**
   * What outlives a config reload, kept with the ledger (which a reloaded router keeps): each alert's
   * state by {@link Alert#key}, the latest switches, and the lock that orders checks, shared by an
   * old router still finishing requests and its successor.
   */
  static final class Kept {
    final ReentrantLock lock = new ReentrantLock();
    final ArrayDeque<JsonObject> events = new ArrayDeque<>();
    final java.util.Map<String, Alert.State> states = new java.util.concurrent.ConcurrentHashMap<>();
  }

  private Monitor(List<Alert> rules, UsageLedger ledger) {
    this.rules = rules;
    this.kept = ledger.keep(Monitor.class.getName(), Kept.class, Kept::new);
    List<Alert.State> s = new ArrayList<>();
    for (Alert r : rules) s.add(kept.states.computeIfAbsent(r.key(), k -> new Alert.State()));
    this.states = List.copyOf(s);
  }

  /** The config's monitoring alerts, or null when it has none; problems are added to {@code problems}. */
  static List<Alert> rules(CcrConfig config, List<String> problems) {
    JsonValue v = config.resolved().get("monitoring");
    if (v == null) return null;
    JsonArray alerts = v instanceof JsonObject o ? o.getArray("alerts") : null;
    if (alerts == null) {
      problems.add("monitoring must be an object like {\"alerts\": [{\"threshold\": \"p95_latency_ms > 10000\", "
          + "\"action\": \"switch_to:provider,model\"}]}");
      return null;
    }
    List<Alert> rules = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      Alert r = Alert.parse(config, "monitoring.alerts[" + i + "]", alerts.get(i), problems);
      if (r != null) rules.add(r);
    }
    return List.copyOf(rules);
  }

  /** The monitor of {@code rules} over {@code ledger}, with the state the ledger kept for the same alerts. */
  static Monitor over(List<Alert> rules, UsageLedger ledger) {
    return new Monitor(rules, ledger);
  }

  /** Looks at every alert's figures now; triggers and clears as they say. */
  void check(UsageLedger ledger, Instant now, AlertWebhook webhook) {
    kept.lock.lock();
    try {
      for (int i = 0; i < rules.size(); i++) check(rules.get(i), states.get(i), ledger, now, webhook);
    } finally {
      kept.lock.unlock();
    }
  }

  private void check(Alert r, Alert.State s, UsageLedger ledger, Instant now, AlertWebhook webhook) {
    List<UsageRecord> fresh = new ArrayList<>();
    if (r.watched != null) {
      for (UsageRecord rec : ledger.rolling(r.watched)) {
        if (rec.time().isAfter(s.changedAt)) fresh.add(rec);
      }
    }
    boolean enough = r.condition.aboutSpend() || fresh.size() >= r.minRequests;
    double value = enough ? r.condition.value(fresh, ledger, now) : Double.NaN;
    s.value = value;
    if (!s.active) {
      if (enough && r.condition.holds(value)) change(r, s, true, now, value, webhook);
    } else if (!now.isBefore(s.changedAt.plus(r.cooldown))) {
      boolean untested = !enough && r.switchTo != null; // switched away: nothing new to judge, so try it again
      if (untested || r.condition.clearBy(value, r.hysteresis)) change(r, s, false, now, value, webhook);
    }
  }

  private void change(Alert r, Alert.State s, boolean active, Instant now, double value, AlertWebhook webhook) {
    s.active = active;
    s.changedAt = now;
    String figure = Double.isNaN(value) ? "no fresh records" : r.condition.figure() + " " + format(value);
    s.why = active ? r.condition.figure() + " " + format(value) + " " + r.condition.op() + " " + format(r.condition.threshold())
        + (r.watched != null && !r.condition.aboutSpend() ? " on " + r.watched : "") : null;
    String what;
    if (r.switchTo != null) {
      what = active ? "switched " + r.scenario + " from " + r.watched + " to " + r.switchTo
          : "switched " + r.scenario + " back to " + r.watched;
    } else {
      what = active ? "triggered" : "cleared";
    }
    log.warn("monitoring: alert \"{}\" {} ({})", r.text, what, figure);
    JsonObject.Builder event = JsonObject.builder().put("type", "monitoring_alert").put("time", now.toString())
        .put("alert", r.text).put("state", active ? "triggered" : "cleared").put("what", what).put("scenario", r.scenario);
    if (r.watched != null) event.put("route", r.watched);
    if (r.switchTo != null) event.put("switch_to", r.switchTo.toString());
    if (!Double.isNaN(value)) event.put("value", JsonNumber.of(value));
    JsonObject e = event.build();
    if (kept.events.size() == EVENTS) kept.events.removeFirst();
    kept.events.addLast(e);
    if (r.webhook) webhook.post(e);
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(Math.round(v * 1e4) / 1e4);
  }

  /** {@code route}, or where an active alert switched its scenario's route. */
  Route apply(Route route) {
    for (int i = 0; i < rules.size(); i++) {
      Alert r = rules.get(i);
      Alert.State s = states.get(i);
      if (s.active && r.switchTo != null && r.scenario.equals(route.scenario()) && route.target().equals(r.watched)) {
        return new Route(r.switchTo.provider(), r.switchTo.model(), route.scenario(), "monitoring: " + s.why
            + ", so " + r.switchTo + " instead", route.sessionId());
      }
    }
    return route;
  }

  JsonObject toJson() {
    List<JsonValue> alerts = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Alert r = rules.get(i);
      Alert.State s = states.get(i);
      JsonObject.Builder b = JsonObject.builder().put("threshold", r.text).put("scenario", r.scenario)
          .put("active", s.active).put("since", s.changedAt.toString());
      if (r.watched != null) b.put("route", r.watched);
      if (r.switchTo != null) b.put("switch_to", r.switchTo.toString());
      if (!Double.isNaN(s.value)) b.put("value", JsonNumber.of(s.value));
      alerts.add(b.build());
    }
    kept.lock.lock();
    try {
      return JsonObject.builder().put("alerts", JsonArray.of(alerts))
          .put("events", JsonArray.of(new ArrayList<>(kept.events))).build();
    } finally {
      kept.lock.unlock();
    }
  }
}
