package dev.ccr.alerts;

import dev.ccr.usage.UsageLedger;
import dev.ccr.usage.UsageRecord;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One monitoring condition, such as {@code p95_latency_ms > 10000}: a figure, a comparison and a
 * threshold. Figures: {@code pNN_latency_ms} and {@code pNN_ttft_ms} (percentiles over the watched
 * route's latest records), {@code error_rate} (its failed share; a client leaving is no failure),
 * {@code daily_cost} and {@code monthly_cost} (all spend in the current UTC day or month).
 */
record Condition(String figure, String op, double threshold) {
  private static final Pattern SHAPE = Pattern.compile(
      "\\s*(p\\d{1,2}_latency_ms|p\\d{1,2}_ttft_ms|error_rate|daily_cost|monthly_cost)\\s*(>=|<=|>|<)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*");

  /** The condition written in {@code text}, or null when it is not one. */
  static Condition parse(String text) {
    Matcher m = SHAPE.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
    if (!m.matches()) return null;
    return new Condition(m.group(1), m.group(2), Double.parseDouble(m.group(3)));
  }

  /** Whether the figure is about spend (read from the whole ledger) rather than one route's latest records. */
  boolean aboutSpend() {
    return figure.endsWith("_cost");
  }

  /** The figure now: over {@code records} for a route figure; NaN when they give none. */
  double value(List<UsageRecord> records, UsageLedger ledger, Instant now) {
    if (figure.equals("daily_cost")) return ledger.spentOnDay(now);
    if (figure.equals("monthly_cost")) return ledger.spentInMonth(now);
    if (figure.equals("error_rate")) {
      long counted = records.stream().filter(r -> !UsageRecord.CANCELLED.equals(r.errorType())).count();
      long failed = records.stream().filter(r -> r.failed() && !UsageRecord.CANCELLED.equals(r.errorType())).count();
      return counted == 0 ? Double.NaN : (double) failed / counted;
    }
    double p = Double.parseDouble(figure.substring(1, figure.indexOf('_')));
    long[] values = figure.contains("ttft")
        ? records.stream().filter(r -> r.ttftMs() >= 0).mapToLong(UsageRecord::ttftMs).toArray()
        : records.stream().mapToLong(UsageRecord::durationMs).toArray();
    if (values.length == 0) return Double.NaN;
    Arrays.sort(values);
    int rank = (int) Math.ceil(p / 100 * values.length);
    return values[Math.max(0, Math.min(values.length, rank) - 1)];
  }

  boolean holds(double value) {
    if (Double.isNaN(value)) return false;
    switch (op) {
      case ">":
        return value > threshold;
      case ">=":
        return value >= threshold;
      case "<":
        return value < threshold;
      default:
        return value <= threshold;
    }
  }

  /** Clear by a margin: the figure has moved back past the threshold by {@code hysteresis} of it. */
  boolean clearBy(double value, double hysteresis) {
    if (Double.isNaN(value)) return false;
    return op.startsWith(">") ? value < threshold * (1 - hysteresis) : value > threshold * (1 + hysteresis);
  }

  @Override
  public String toString() {
    String t = threshold == Math.rint(threshold) ? Long.toString((long) threshold) : Double.toString(threshold);
    return figure + " " + op + " " + t;
  }
}
