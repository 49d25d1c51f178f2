package dev.ccr.json;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A JSON number kept as the literal text it was read from; equal to another number of the same
 * value ({@code 1.0} equals {@code 1}), as JSON trees compare.
 */
public final class JsonNumber implements JsonValue {
  private final String literal;

  private JsonNumber(String literal) {
    this.literal = literal;
  }

  /** A number from its JSON literal; throws when the text is not a JSON number. */
  public static JsonNumber of(String literal) {
    Objects.requireNonNull(literal, "literal");
    try {
      new BigDecimal(literal);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a JSON number: " + literal);
    }
    return new JsonNumber(literal);
  }

  /** Trusted literal from a JSON reader that already checked it. */
  static JsonNumber ofChecked(String literal) {
    return new JsonNumber(literal);
  }

  /**
   * The longest number literal ccr reads. Longer ones are refused, not parsed: turning a
   * million-digit literal into a {@link BigDecimal} takes seconds of CPU, and no model, tool or
   * config needs a number of 10,000 digits.
   */
  static final int MAX_LITERAL = 10_000;

  /**
   * Why {@code literal} cannot be a number here, or null when it can: too long, or an exponent no
   * {@link BigDecimal} holds. Only the exponent's digits are looked at, never the whole value.
   */
  static String refusal(String literal) {
    if (literal.length() > MAX_LITERAL) return "number too long (" + literal.length() + " characters)";
    int e = Math.max(literal.indexOf('e'), literal.indexOf('E'));
    if (e < 0) return null;
    int digits = e + 1;
    if (digits < literal.length() && (literal.charAt(digits) == '+' || literal.charAt(digits) == '-')) digits++;
    while (digits < literal.length() - 1 && literal.charAt(digits) == '0') digits++;
    int length = literal.length() - digits;
    if (length <= 9) return null;
    // The scale BigDecimal keeps is an int: the exponent and the digits before it must fit together.
    if (length > 10 || Long.parseLong(literal.substring(digits)) + literal.length() >= Integer.MAX_VALUE) {
      return "number out of range";
    }
    return null;
  }

  public static JsonNumber of(long value) {
    return new JsonNumber(Long.toString(value));
  }

  /** A double, written without a trailing {@code .0} when it is integral. */
  public static JsonNumber of(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("JSON has no " + value);
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return new JsonNumber(Long.toString((long) value));
    }
    return new JsonNumber(Double.toString(value));
  }

  public String literal() {
    return literal;
  }

  public boolean isIntegral() {
    BigDecimal d = bigDecimal();
    return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
  }

  public int intValue() {
    long small = plainLong();
    if (small != NOT_PLAIN && small == (int) small) return (int) small;
    return bigDecimal().intValueExact();
  }

  public long longValue() {
    long small = plainLong();
    return small != NOT_PLAIN ? small : bigDecimal().longValueExact();
  }

  private static final long NOT_PLAIN = Long.MIN_VALUE;

  /**
   * The value of a plain integer literal of at most 18 digits (token counts, indexes), else {@link
   * #NOT_PLAIN}: read without a BigDecimal, which showed per reply in profiles.
   */
  private long plainLong() {
    int n = literal.length();
    int i = n > 0 && literal.charAt(0) == '-' ? 1 : 0;
    if (n == i || n - i > 18) return NOT_PLAIN;
    long v = 0;
    for (; i < n; i++) {
      char c = literal.charAt(i);
      if (c < '0' || c > '9') return NOT_PLAIN;
      v = v * 10 + (c - '0');
    }
    return literal.charAt(0) == '-' ? -v : v;
  }

  public double doubleValue() {
    return Double.parseDouble(literal);
  }

  public BigDecimal bigDecimal() {
    return new BigDecimal(literal);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonNumber n
        && (literal.equals(n.literal) || bigDecimal().compareTo(n.bigDecimal()) == 0);
  }

  @Override
  public int hashCode() {
    BigDecimal d = bigDecimal();
    return d.signum() == 0 ? 0 : d.stripTrailingZeros().hashCode();
  }

  @Override
  public String toString() {
    return literal;
  }
}
