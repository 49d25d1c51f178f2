package dev.ccr.rules;

import java.util.Map;
import java.util.Objects;

/**
 * A routing rule's condition, such as {@code context_length > 32000 && !thinking}: parsed and
 * type-checked once, against the facts it may name, then tested against each request's facts. The
 * language compares, combines and searches; it calls nothing and cannot loop, so a condition
 * always ends, and a parsed one never fails at run time.
 */
public final class Condition {
  private final String text;
  private final Expr expr;

  private Condition(String text, Expr expr) {
    this.text = text;
    this.expr = expr;
  }

  /**
   * Parses {@code text}, which may name the facts in {@code facts}; throws {@link
   * RuleSyntaxException} saying what is wrong and at which column.
   */
  public static Condition parse(String text, Map<String, FactType> facts) {
    Objects.requireNonNull(text, "text");
    return new Condition(text, ExpressionParser.parse(text, facts));
  }

  public boolean test(Facts facts) {
    return (Boolean) expr.eval(facts);
  }

  /** The condition as written. */
  public String text() {
    return text;
  }

  /** The condition with every operation in parentheses, as ccr understood it. */
  public String canonical() {
    return expr.print();
  }

  Expr expr() {
    return expr;
  }

  @Override
  public String toString() {
    return text;
  }
}
