package dev.ccr.alerts;

import dev.ccr.config.CcrConfig;
import dev.ccr.config.RouteTarget;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One of {@code monitoring.alerts}: its condition, the route it watches (by default its scenario's
 * {@code Router} entry), and its actions and hysteresis settings. Its {@link State} lives apart, with
 * the ledger, so a reloaded config's same alert carries on where the last one was.
 */
final class Alert {
  final String text;
  final Condition condition;
  final String scenario;
  final String watched;
  final RouteTarget switchTo;
  final boolean webhook;
  final int minRequests;
  final Duration cooldown;
  final double hysteresis;

  /** Where an alert stands: written under the monitor's lock, read by routing without one. */
  static final class State {
    volatile boolean active;
    volatile Instant changedAt = Instant.EPOCH;
    volatile double value = Double.NaN;
    volatile String why;
  }

  private Alert(String text, Condition condition, String scenario, String watched, RouteTarget switchTo, boolean webhook, int minRequests, Duration cooldown, double hysteresis) {
    this.text = text;
    this.condition = condition;
    this.scenario = scenario;
    this.watched = watched;
    this.switchTo = switchTo;
    this.webhook = webhook;
    this.minRequests = minRequests;
    this.cooldown = cooldown;
    this.hysteresis = hysteresis;
  }

  /** What makes two configs' alerts the same one: its condition, scenario, watched route and switch. */
  String key() {
    return text + "|" + scenario + "|" + watched + "|" + switchTo;
  }

  /** The alert written at {@code path}, or null when it has problems (added to {@code problems}). */
  static Alert parse(CcrConfig config, String path, JsonValue v, List<String> problems) {
    if (!(v instanceof JsonObject o)) {
      problems.add(path + " must be an object with \"threshold\" and \"action\"");
      return null;
    }
    String text = o.getString("threshold");
    Condition condition = Condition.parse(text);
    if (condition == null) {
      problems.add(path + ".threshold \"" + text + "\" is not a condition like \"p95_latency_ms > 10000\"; figures: "
          + "pNN_latency_ms, pNN_ttft_ms, error_rate, daily_cost, monthly_cost");
      return null;
    }
    List<String> actions = new ArrayList<>();
    JsonValue a = o.get("action");
    if (a != null && a.asString() != null) actions.add(a.asString());
    else if (a instanceof JsonArray arr) arr.elements().forEach(e -> actions.add(String.valueOf(e.asString())));
    if (actions.isEmpty()) problems.add(path + ".action is missing: switch_to:provider,model, log or webhook");
    RouteTarget switchTo = null;
    boolean posts = false;
    for (String action : actions) {
      if (action.startsWith("switch_to:")) {
        switchTo = RouteTarget.parse(action.substring("switch_to:".length()));
        if (switchTo == null || config.provider(switchTo.provider()).isEmpty()) {
          problems.add(path + ".action \"" + action + "\" must name a configured provider,model");
        }
      } else if (action.equals("log")) {
        // every change is logged anyway: "log" alone means nothing else happens
      } else if (action.equals("webhook")) {
        posts = true;
      } else {
        problems.add(path + ".action \"" + action + "\" is not switch_to:provider,model, log or webhook");
      }
    }
    String scenario = o.getString("scenario") != null ? o.getString("scenario") : "default";
    String watched = o.getString("route");
    if (watched == null) {
      RouteTarget t = config.router().target(scenario);
      watched = t == null ? null : t.toString();
    }
    if (watched == null && !condition.aboutSpend()) {
      problems.add(path + " watches no route: give \"route\": \"provider,model\" or a scenario the Router sets");
    }
    // Without a fresh record there is nothing to judge (a switched alert then tries its route again): 0 counts as 1.
    int minRequests = Math.max(1, whole(o, "minRequests", 5, path, problems));
    int cooldown = whole(o, "cooldownSeconds", 60, path, problems);
    double hysteresis = o.getNumber("hysteresis") != null ? o.getNumber("hysteresis").doubleValue() : 0.2;
    if (hysteresis < 0 || hysteresis >= 1) problems.add(path + ".hysteresis must be at least 0 and below 1");
    return new Alert(condition.toString(), condition, scenario, watched, switchTo, posts, minRequests,
        Duration.ofSeconds(cooldown), hysteresis);
  }

  private static int whole(JsonObject o, String name, int otherwise, String path, List<String> problems) {
    if (!o.has(name)) return otherwise;
    JsonNumber n = o.getNumber(name);
    if (n == null || !n.isIntegral() || n.longValue() < 0 || n.longValue() > Integer.MAX_VALUE) {
      problems.add(path + "." + name + " must be a whole number of at least 0");
      return otherwise;
    }
    return n.intValue();
  }
}
