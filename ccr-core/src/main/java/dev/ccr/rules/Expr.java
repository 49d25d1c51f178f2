package dev.ccr.rules;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed, type-checked condition. Each node evaluates itself against the facts and prints itself
 * back as condition text, with every operation in parentheses, so that parsing the print gives the
 * same tree.
 */
sealed interface Expr {
  FactType type();

  Object eval(Facts facts);

  String print();

  record Literal(Object value, FactType type) implements Expr {
    @Override
    public Object eval(Facts facts) {
      return value;
    }

    @Override
    public String print() {
      return switch (type) {
        case NUMBER -> BigDecimal.valueOf((Double) value).stripTrailingZeros().toPlainString();
        case BOOLEAN -> value.toString();
        case STRING -> quote((String) value);
      };
    }

    static String quote(String s) {
      StringBuilder sb = new StringBuilder("'");
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '\\' -> sb.append("\\\\");
          case '\'' -> sb.append("\\'");
          case '\n' -> sb.append("\\n");
          case '\t' -> sb.append("\\t");
          default -> sb.append(c);
        }
      }
      return sb.append('\'').toString();
    }
  }

  record Fact(String name, FactType type) implements Expr {
    @Override
    public Object eval(Facts facts) {
      Object v = facts.value(name);
      // A missing fact reads as its type's empty value, so a condition never fails at run time.
      if (v == null) return type == FactType.NUMBER ? (Object) 0.0 : type == FactType.STRING ? "" : Boolean.FALSE;
      return v instanceof Number n && !(v instanceof Double) ? (Object) n.doubleValue() : v;
    }

    @Override
    public String print() {
      return name;
    }
  }

  record Not(Expr operand) implements Expr {
    @Override
    public FactType type() {
      return FactType.BOOLEAN;
    }

    @Override
    public Object eval(Facts facts) {
      return !(Boolean) operand.eval(facts);
    }

    @Override
    public String print() {
      return "(!" + operand.print() + ")";
    }
  }

  record Logical(boolean and, Expr left, Expr right) implements Expr {
    @Override
    public FactType type() {
      return FactType.BOOLEAN;
    }

    @Override
    public Object eval(Facts facts) {
      boolean l = (Boolean) left.eval(facts);
      if (and ? !l : l) return l; // short-circuit: a costly fact on the right is not worked out
      return right.eval(facts);
    }

    @Override
    public String print() {
      return "(" + left.print() + (and ? " && " : " || ") + right.print() + ")";
    }
  }

  record Compare(String op, Expr left, Expr right) implements Expr {
    @Override
    public FactType type() {
      return FactType.BOOLEAN;
    }

    @Override
    public Object eval(Facts facts) {
      Object l = left.eval(facts);
      Object r = right.eval(facts);
      return switch (op) {
        case "==" -> l.equals(r);
        case "!=" -> !l.equals(r);
        case "<" -> (Double) l < (Double) r;
        case "<=" -> (Double) l <= (Double) r;
        case ">" -> (Double) l > (Double) r;
        default -> (Double) l >= (Double) r;
      };
    }

    @Override
    public String print() {
      return "(" + left.print() + " " + op + " " + right.print() + ")";
    }
  }

  record In(Expr left, List<Literal> values) implements Expr {
    public In {
      values = List.copyOf(values);
    }

    @Override
    public FactType type() {
      return FactType.BOOLEAN;
    }

    @Override
    public Object eval(Facts facts) {
      Object l = left.eval(facts);
      for (Literal v : values) {
        if (v.value().equals(l)) return true;
      }
      return false;
    }

    @Override
    public String print() {
      StringBuilder sb = new StringBuilder("(").append(left.print()).append(" in [");
      for (int i = 0; i < values.size(); i++) sb.append(i == 0 ? "" : ", ").append(values.get(i).print());
      return sb.append("])").toString();
    }
  }

  record Contains(Expr left, Expr right) implements Expr {
    @Override
    public FactType type() {
      return FactType.BOOLEAN;
    }

    @Override
    public Object eval(Facts facts) {
      return ((String) left.eval(facts)).contains((String) right.eval(facts));
    }

    @Override
    public String print() {
      return "(" + left.print() + " contains " + right.print() + ")";
    }
  }

  /** {@code text matches 'regex'}: true when the regular expression matches anywhere in the text. */
  final class Matches implements Expr {
    private final Expr left;
    private final String regex;
    private final Pattern pattern;

    Matches(Expr left, String regex, Pattern pattern) {
      this.left = left;
      this.regex = regex;
      this.pattern = pattern;
    }

    @Override
    public FactType type() {
      return FactType.BOOLEAN;
    }

    @Override
    public Object eval(Facts facts) {
      return BoundedMatch.find(pattern, (String) left.eval(facts));
    }

    @Override
    public String print() {
      return "(" + left.print() + " matches " + Literal.quote(regex) + ")";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Matches m && m.left.equals(left) && m.regex.equals(regex);
    }

    @Override
    public int hashCode() {
      return Objects.hash(left, regex);
    }

    @Override
    public String toString() {
      return print();
    }
  }
}
