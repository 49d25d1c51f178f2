package dev.ccr.alerts;

import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;

/**
 * A budget limit and what was spent against it in the current period.
 *
 * @param name {@code daily} or {@code monthly}
 * @param period the UTC day ({@code 2026-12-01}) or month ({@code 2026-12})
 * @param limit 0 when the config sets none
 */
public record BudgetPeriod(String name, String period, double limit, double spent) {
  public boolean over() {
    return limit > 0 && spent >= limit;
  }

  JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder().put("period", period)
        .put("spent", JsonNumber.of(Math.round(spent * 1e6) / 1e6));
    if (limit > 0) {
      b.put("limit", JsonNumber.of(limit)).put("used", JsonNumber.of(Math.round(spent / limit * 1e4) / 1e4));
    }
    return b.build();
  }
}
