package dev.ccr.alerts;

import dev.ccr.CcrException;
import dev.ccr.config.CcrConfig;
import dev.ccr.config.RouteTarget;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.routing.Route;
import dev.ccr.usage.UsageLedger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code "budgetControl"}: daily and monthly spend limits over the usage records (UTC days and
 * months, in the prices' currency). Crossing a threshold logs one warning and posts one webhook per
 * threshold and period; over a limit, requests take the fallback route, or are refused with a 429
 * that names the limit.
 */
final class Budget {
  private static final Logger log = LoggerFactory.getLogger(Budget.class);

  private final double dailyLimit;
  private final double monthlyLimit;
  private final List<Double> thresholds;
  private final RouteTarget fallback;
  /** The periods as the latest record left them: routing reads these without the ledger's lock. */
  private volatile List<BudgetPeriod> latest = List.of();

  private Budget(double dailyLimit, double monthlyLimit, List<Double> thresholds, RouteTarget fallback) {
    this.dailyLimit = dailyLimit;
    this.monthlyLimit = monthlyLimit;
    this.thresholds = thresholds;
    this.fallback = fallback;
  }

  /** The config's budget, or null when it has none; problems are added to {@code problems}. */
  static Budget from(CcrConfig config, List<String> problems) {
    JsonValue v = config.resolved().get("budgetControl");
    if (v == null) return null;
    if (!(v instanceof JsonObject o)) {
      problems.add("budgetControl must be an object like {\"dailyLimit\": 50, \"monthlyLimit\": 1000}");
      return null;
    }
    double daily = limit(o, "dailyLimit", problems);
    double monthly = limit(o, "monthlyLimit", problems);
    List<Double> thresholds = new ArrayList<>();
    JsonArray t = o.getArray("alertThresholds");
    if (o.has("alertThresholds") && t == null) problems.add("budgetControl.alertThresholds must be a list like [0.8, 0.9]");
    if (t != null) {
      for (JsonValue e : t.elements()) {
        if (e instanceof JsonNumber n && n.doubleValue() > 0 && n.doubleValue() <= 1) thresholds.add(n.doubleValue());
        else problems.add("budgetControl.alertThresholds holds " + e.toJson() + "; each is a share of the limit above 0, at most 1");
      }
    }
    RouteTarget fallback = null;
    JsonObject auto = o.getObject("autoFallback");
    if (auto != null && !Boolean.FALSE.equals(auto.getBoolean("enabled"))) {
      String target = auto.getString("fallbackProvider");
      fallback = RouteTarget.parse(target);
      if (fallback == null) {
        problems.add("budgetControl.autoFallback.fallbackProvider must be \"provider,model\"");
      } else if (config.provider(fallback.provider()).isEmpty()) {
        problems.add("budgetControl.autoFallback.fallbackProvider names provider \"" + fallback.provider()
            + "\", which is not configured");
      }
    }
    return new Budget(daily, monthly, List.copyOf(thresholds), fallback);
  }

  private static double limit(JsonObject o, String name, List<String> problems) {
    if (!o.has(name)) return 0;
    JsonNumber n = o.getNumber(name);
    if (n == null || n.doubleValue() <= 0) {
      problems.add("budgetControl." + name + " must be a number above 0 (in the prices' currency)");
      return 0;
    }
    return n.doubleValue();
  }

  List<BudgetPeriod> periods(UsageLedger ledger, Instant now) {
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return List.of(new BudgetPeriod("daily", day.toString(), dailyLimit, ledger.spentOnDay(now)),
        new BudgetPeriod("monthly", YearMonth.from(day).toString(), monthlyLimit, ledger.spentInMonth(now)));
  }

  /** Reads the spend now, for {@link #apply} and {@link #current}: on the ledger's thread after each record. */
  void refresh(UsageLedger ledger, Instant now) {
    latest = periods(ledger, now);
  }

  /** The periods the latest record left that are still the current ones at {@code now}: an ended day or month is over. */
  List<BudgetPeriod> current(Instant now) {
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    String today = day.toString();
    String month = YearMonth.from(day).toString();
    List<BudgetPeriod> out = new ArrayList<>(2);
    for (BudgetPeriod p : latest) {
      if (p.period().equals(p.name().equals("daily") ? today : month)) out.add(p);
    }
    return out;
  }

  /** Logs and posts each threshold crossed, and each limit reached, once per period. */
  void check(UsageLedger ledger, Instant now, AlertWebhook webhook) {
    for (BudgetPeriod p : periods(ledger, now)) {
      if (p.limit() <= 0) continue;
      for (double t : thresholds) {
        if (p.spent() >= t * p.limit() && ledger.firstTime("budget|" + p.name() + "|" + p.period() + "|" + t)) {
          log.warn("budget: {} spend {} has reached {}% of the {} limit of {}", p.name(), round(p.spent()),
              Math.round(t * 100), p.name(), p.limit());
          webhook.post(alert(p, t, now));
        }
      }
      if (p.over() && ledger.firstTime("budget|" + p.name() + "|" + p.period() + "|limit")) {
        log.warn("budget: the {} limit of {} is spent ({}); {}", p.name(), p.limit(), round(p.spent()),
            fallback != null ? "requests go to " + fallback + " until the period ends" : "requests are refused until the period ends");
        webhook.post(alert(p, 1.0, now));
      }
    }
  }

  private static JsonObject alert(BudgetPeriod p, double threshold, Instant now) {
    return JsonObject.builder().put("type", "budget_alert").put("period", p.name()).put("period_start", p.period())
        .put("threshold", JsonNumber.of(threshold)).put("limit", JsonNumber.of(p.limit()))
        .put("spent", JsonNumber.of(round(p.spent()))).put("time", now.toString()).build();
  }

  /**
   * {@code route}, or the fallback when a limit is spent; a 429 naming the limit when there is no
   * fallback. Runs on every request, so it reads what the ledger's thread left, never the ledger.
   */
  Route apply(Route route, Instant now) {
    for (BudgetPeriod p : current(now)) {
      if (!p.over()) continue;
      String why = "the " + p.name() + " budget of " + p.limit() + " is spent (" + round(p.spent()) + " in "
          + p.period() + ")";
      if (fallback == null) {
        throw new CcrException(429, "rate_limit_error", "ccr refuses requests: " + why + "; budgetControl."
            + (p.name().equals("daily") ? "dailyLimit" : "monthlyLimit") + " allows more, or wait for the next "
            + (p.name().equals("daily") ? "day" : "month") + " (UTC)");
      }
      if (route.target().equals(fallback.toString())) return route;
      return new Route(fallback.provider(), fallback.model(), route.scenario(), "budget: " + why + ", so the autoFallback "
          + "route instead of " + route.target(), route.sessionId());
    }
    return route;
  }

  JsonObject toJson(UsageLedger ledger, Instant now) {
    JsonObject.Builder b = JsonObject.builder();
    boolean over = false;
    for (BudgetPeriod p : periods(ledger, now)) {
      b.put(p.name(), p.toJson());
      over |= p.over();
    }
    JsonArray t = JsonArray.of(thresholds.stream().<JsonValue>map(JsonNumber::of).toList());
    b.put("alert_thresholds", t).put("over_limit", over);
    if (fallback != null) b.put("fallback", fallback.toString());
    b.put("action", !over ? "none" : fallback != null ? "fallback" : "refuse");
    return b.build();
  }

  private static double round(double money) {
    return Math.round(money * 1e4) / 1e4;
  }
}
