package dev.ccr.rules;

import dev.ccr.rules.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive descent over the tokens, checking types as it goes:
 * <pre>
 * condition  := or END
 * or         := and ('||' and)*
 * and        := unary ('&&' unary)*
 * unary      := '!' unary | comparison
 * comparison := value (('==' | '!=' | '<' | '<=' | '>' | '>=') value
 *                      | 'in' '[' (literal (',' literal)*)? ']'
 *                      | 'contains' value | 'matches' STRING)?
 * value      := NUMBER | '-' NUMBER | STRING | 'true' | 'false' | FACT | '(' or ')'
 * </pre>
 */
final class ExpressionParser {
  /** Deeper nesting than anyone writes; keeps a hostile condition from overflowing the stack. */
  static final int MAX_DEPTH = 64;

  private final List<Token> tokens;
  private final Map<String, FactType> facts;
  private int pos;
  private int depth;

  private ExpressionParser(List<Token> tokens, Map<String, FactType> facts) {
    this.tokens = tokens;
    this.facts = facts;
  }

  static Expr parse(String text, Map<String, FactType> facts) {
    ExpressionParser p = new ExpressionParser(Lexer.tokens(text), facts);
    if (p.peek().kind() == Kind.END) throw new RuleSyntaxException("the condition is empty", 1);
    p.unknownFacts();
    Expr e = p.or();
    Token end = p.peek();
    if (end.kind() != Kind.END) {
      throw new RuleSyntaxException("expected '&&', '||' or the end of the condition, found " + end.shown(), end.column());
    }
    if (e.type() != FactType.BOOLEAN) {
      throw new RuleSyntaxException("the condition must be true or false, but this is a " + e.type().label(), 1);
    }
    return e;
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token take() {
    return tokens.get(pos++);
  }

  private Token expect(Kind kind, String what) {
    Token t = peek();
    if (t.kind() != kind) throw new RuleSyntaxException("expected " + what + ", found " + t.shown(), t.column());
    return take();
  }

  private Expr or() {
    Expr left = and();
    while (peek().kind() == Kind.OR) {
      Token op = take();
      left = new Expr.Logical(false, bool(left, op), bool(and(), op));
    }
    return left;
  }

  private Expr and() {
    Expr left = unary();
    while (peek().kind() == Kind.AND) {
      Token op = take();
      left = new Expr.Logical(true, bool(left, op), bool(unary(), op));
    }
    return left;
  }

  private Expr unary() {
    if (peek().kind() != Kind.NOT) return comparison();
    Token op = take();
    enter(op);
    Expr operand = unary();
    depth--;
    return new Expr.Not(bool(operand, op));
  }

  private static Expr bool(Expr e, Token op) {
    if (e.type() != FactType.BOOLEAN) {
      throw new RuleSyntaxException("'" + op.text() + "' needs true or false on each side, not a " + e.type().label()
          + " (" + e.print() + ")", op.column());
    }
    return e;
  }

  private Expr comparison() {
    Expr left = value();
    Token op = peek();
    switch (op.kind()) {
      case EQ, NE -> {
        take();
        Expr right = value();
        if (left.type() != right.type()) throw mixed(op, left, right);
        return new Expr.Compare(op.text(), left, right);
      }
      case LT, LE, GT, GE -> {
        take();
        Expr right = value();
        if (left.type() != FactType.NUMBER || right.type() != FactType.NUMBER) {
          throw new RuleSyntaxException("'" + op.text() + "' compares numbers; " + describe(left) + " and "
              + describe(right), op.column());
        }
        return new Expr.Compare(op.text(), left, right);
      }
      case IN -> {
        take();
        return in(left, op);
      }
      case CONTAINS -> {
        take();
        Expr right = value();
        if (left.type() != FactType.STRING || right.type() != FactType.STRING) {
          throw new RuleSyntaxException("'contains' looks for a string in a string; " + describe(left) + " and "
              + describe(right), op.column());
        }
        return new Expr.Contains(left, right);
      }
      case MATCHES -> {
        take();
        if (left.type() != FactType.STRING) {
          throw new RuleSyntaxException("'matches' needs a string on its left; " + describe(left), op.column());
        }
        Token regex = expect(Kind.STRING, "a regular expression in quotes after 'matches'");
        try {
          return new Expr.Matches(left, regex.text(), Pattern.compile(regex.text()));
        } catch (PatternSyntaxException e) {
          throw new RuleSyntaxException("bad regular expression: " + e.getDescription(), regex.column());
        } catch (StackOverflowError e) {
          throw new RuleSyntaxException("the regular expression is nested too deeply", regex.column());
        }
      }
      default -> {
        return left;
      }
    }
  }

  private Expr in(Expr left, Token op) {
    if (left.type() == FactType.BOOLEAN) {
      throw new RuleSyntaxException("'in' looks for a number or a string in a list; " + describe(left), op.column());
    }
    expect(Kind.LBRACKET, "'[' to start the list after 'in'");
    List<Expr.Literal> values = new ArrayList<>();
    if (peek().kind() != Kind.RBRACKET) {
      do {
        Token at = peek();
        Expr v = value();
        if (!(v instanceof Expr.Literal lit)) {
          throw new RuleSyntaxException("a list after 'in' holds numbers or strings, not " + v.print(), at.column());
        }
        if (lit.type() != left.type()) {
          throw new RuleSyntaxException("this list holds " + left.type().label() + "s, as " + left.print()
              + " is one; " + lit.print() + " is a " + lit.type().label(), at.column());
        }
        values.add(lit);
      } while (peek().kind() == Kind.COMMA && take() != null);
    }
    expect(Kind.RBRACKET, "',' or ']' in the list");
    return new Expr.In(left, values);
  }

  private Expr value() {
    Token t = take();
    switch (t.kind()) {
      case NUMBER:
        return number(t.text(), false);
      case MINUS: {
        Token n = peek();
        if (n.kind() != Kind.NUMBER) throw new RuleSyntaxException("expected a number after '-', found " + n.shown(), n.column());
        take();
        return number(n.text(), true);
      }
      case STRING:
        return new Expr.Literal(t.text(), FactType.STRING);
      case TRUE:
      case FALSE:
        return new Expr.Literal(t.kind() == Kind.TRUE, FactType.BOOLEAN);
      case IDENT: {
        FactType type = facts.get(t.text());
        if (type == null) throw new RuleSyntaxException("unknown fact \"" + t.text() + "\"" + suggestion(t.text()), t.column());
        return new Expr.Fact(t.text(), type);
      }
      case LPAREN: {
        enter(t);
        Expr inner = or();
        depth--;
        expect(Kind.RPAREN, "')' to close the '(' at column " + t.column());
        return inner;
      }
      default:
        throw new RuleSyntaxException("expected a fact, a number, a string, true, false or '(', found " + t.shown(), t.column());
    }
  }

  private void enter(Token t) {
    if (++depth > MAX_DEPTH) throw new RuleSyntaxException("the condition nests deeper than " + MAX_DEPTH + " levels", t.column());
  }

  private static Expr.Literal number(String text, boolean negative) {
    double v = Double.parseDouble(text);
    if (Double.isInfinite(v)) throw new RuleSyntaxException("the number " + text + " is too large", 1);
    return new Expr.Literal((negative ? -v : v) + 0.0, FactType.NUMBER); // + 0.0: no negative zero
  }

  private RuleSyntaxException mixed(Token op, Expr left, Expr right) {
    return new RuleSyntaxException("'" + op.text() + "' compares values of one type; " + describe(left) + " and "
        + describe(right), op.column());
  }

  private static String describe(Expr e) {
    return e.print() + " is a " + e.type().label();
  }

  /** Every unknown fact at once, the first under the caret: fixing one name at a time is tedious. */
  private void unknownFacts() {
    List<Token> unknown = tokens.stream().filter(t -> t.kind() == Kind.IDENT && !facts.containsKey(t.text())).toList();
    if (unknown.isEmpty()) return;
    Token first = unknown.get(0);
    StringBuilder message = new StringBuilder("unknown fact \"").append(first.text()).append('"').append(closest(first.text()));
    for (Token t : unknown.subList(1, unknown.size())) {
      message.append(", and \"").append(t.text()).append("\" at column ").append(t.column()).append(closest(t.text()));
    }
    throw new RuleSyntaxException(message + "; the facts are " + String.join(", ", new java.util.TreeSet<>(facts.keySet())),
        first.column());
  }

  private String closest(String name) {
    String best = dev.ccr.internal.ClosestName.of(name, new java.util.TreeSet<>(facts.keySet()));
    return best != null ? " (did you mean " + best + "?)" : "";
  }

  private String suggestion(String name) {
    String best = dev.ccr.internal.ClosestName.of(name, new java.util.TreeSet<>(facts.keySet()));
    String list = "; the facts are " + String.join(", ", new java.util.TreeSet<>(facts.keySet()));
    return best != null ? " (did you mean " + best + "?)" + list : list;
  }
}
