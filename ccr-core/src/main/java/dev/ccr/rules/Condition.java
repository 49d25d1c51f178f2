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

  /**
   * The string literals the condition compares {@code fact} with ({@code ==}, {@code !=}, {@code in}),
   * so that a misspelt value of a fact with known values ({@code scenario == 'backgroud'}) can be
   * pointed out.
   */
  public java.util.Set<String> literalsComparedWith(String fact) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    collect(expr, fact, out);
    return out;
  }

  private static void collect(Expr e, String fact, java.util.Set<String> out) {
    if (e instanceof Expr.Not n) {
      collect(n.operand(), fact, out);
    } else if (e instanceof Expr.Logical l) {
      collect(l.left(), fact, out);
      collect(l.right(), fact, out);
    } else if (e instanceof Expr.Compare c) {
      if (isFact(c.left(), fact) && c.right() instanceof Expr.Literal lit && lit.value() instanceof String v) out.add(v);
      if (isFact(c.right(), fact) && c.left() instanceof Expr.Literal lit && lit.value() instanceof String v) out.add(v);
      collect(c.left(), fact, out);
      collect(c.right(), fact, out);
    } else if (e instanceof Expr.In in && isFact(in.left(), fact)) {
      for (Expr.Literal lit : in.values()) {
        if (lit.value() instanceof String v) out.add(v);
      }
    }
  }

  private static boolean isFact(Expr e, String fact) {
    return e instanceof Expr.Fact f && f.name().equals(fact);
  }

  Expr expr() {
    return expr;
  }

  @Override
  public String toString() {
    return text;
  }
}
