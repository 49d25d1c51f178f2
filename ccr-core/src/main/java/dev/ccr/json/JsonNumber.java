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
   * Whether {@code literal}'s exponent is one {@link BigDecimal} can hold. Only a literal with a
   * ten-digit exponent is parsed to find out, so the common case costs one scan of a short string.
   */
  static boolean exponentFits(String literal) {
    int e = Math.max(literal.indexOf('e'), literal.indexOf('E'));
    if (e < 0) return true;
    int digits = e + 1;
    if (digits < literal.length() && (literal.charAt(digits) == '+' || literal.charAt(digits) == '-')) digits++;
    while (digits < literal.length() - 1 && literal.charAt(digits) == '0') digits++;
    if (literal.length() - digits <= 9) return true;
    try {
      new BigDecimal(literal);
      return true;
    } catch (NumberFormatException e2) {
      return false;
    }
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
    return bigDecimal().intValueExact();
  }

  public long longValue() {
    return bigDecimal().longValueExact();
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
