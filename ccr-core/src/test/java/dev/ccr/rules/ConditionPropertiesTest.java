package dev.ccr.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ccr.testing.Tries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The parser on generated input: well-typed trees print and parse back to themselves; anything else fails cleanly. */
class ConditionPropertiesTest {
  static final Map<String, FactType> FACTS = RequestFacts.types();
  static final List<String> STRING_FACTS = names(FactType.STRING);
  static final List<String> NUMBER_FACTS = names(FactType.NUMBER);
  static final List<String> BOOLEAN_FACTS = names(FactType.BOOLEAN);

  static List<String> names(FactType type) {
    return FACTS.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey).toList();
  }

  @TestFactory
  Stream<DynamicTest> aPrintedTreeParsesBackToItself() {
    return Tries.of("round trip", 300, r -> {
      Expr tree = bool(r, 4);
      String printed = tree.print();
      Expr parsed = ExpressionParser.parse(printed, FACTS);
      assertThat(parsed).as(printed).isEqualTo(tree);
      assertThat(parsed.print()).isEqualTo(printed);
    });
  }

  @TestFactory
  Stream<DynamicTest> aParsedConditionEvaluatesWithoutThrowing() {
    return Tries.of("evaluates", 200, r -> {
      Expr tree = bool(r, 4);
      Map<String, Object> values = new java.util.HashMap<>();
      for (String f : NUMBER_FACTS) values.put(f, (double) (r.nextInt(100_000) - 50));
      for (String f : STRING_FACTS) values.put(f, string(r));
      for (String f : BOOLEAN_FACTS) values.put(f, r.nextBoolean());
      Condition c = Condition.parse(tree.print(), FACTS);
      boolean first = c.test(values::get);
      assertThat(c.test(values::get)).isEqualTo(first); // and the same every time
    });
  }

  @TestFactory
  Stream<DynamicTest> randomTextIsParsedOrRejectedWithAColumnInsideIt() {
    List<String> pieces = List.of("(", ")", "[", "]", ",", "!", "&&", "||", "&", "|", "==", "=", "!=", "<", "<=", ">",
        ">=", "-", "in", "contains", "matches", "true", "false", "12", "3.5", "1.", "'a'", "\"b\"", "'", "'\\q'",
        "'(a'", "'[x-'", "context_length", "scenario", "has_tools", "model", "nosuch", " ", "#", "\u0000", "é", "32k");
    return Tries.of("random text", 500, r -> {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(12);
      boolean anyChars = r.nextInt(4) == 0; // sometimes any UTF-16 units at all, lone surrogates included
      for (int i = 0; i < n; i++) {
        if (anyChars) sb.append((char) r.nextInt(0x10000));
        else sb.append(Tries.pick(r, pieces)).append(r.nextInt(3) == 0 ? "" : " ");
      }
      String text = sb.toString();
      Throwable t = catchThrowable(() -> Condition.parse(text, FACTS).test(name -> null));
      if (t != null) {
        assertThat(t).as(text).isInstanceOf(RuleSyntaxException.class);
        RuleSyntaxException e = (RuleSyntaxException) t;
        assertThat(e.column()).as(text).isBetween(1, text.length() + 1);
        assertThat(e.describe("x", text)).contains("^");
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> mutatedConditionsFailOnlyWithSyntaxErrors() {
    return Tries.of("mutated", 300, r -> {
      StringBuilder text = new StringBuilder(bool(r, 3).print());
      for (int k = r.nextInt(3) + 1; k > 0 && text.length() > 0; k--) {
        int at = r.nextInt(text.length());
        switch (r.nextInt(3)) {
          case 0 -> text.deleteCharAt(at);
          case 1 -> text.insert(at, Tries.pick(r, '(', ')', '\'', '!', '=', '&', '[', ']', 'x', '9', ' '));
          default -> text.setCharAt(at, Tries.pick(r, '(', ')', '\'', '"', '|', '<', ','));
        }
      }
      String s = text.toString();
      Throwable t = catchThrowable(() -> Condition.parse(s, FACTS).test(name -> null));
      if (t != null) {
        assertThat(t).as(s).isInstanceOf(RuleSyntaxException.class);
        assertThat(((RuleSyntaxException) t).column()).as(s).isBetween(1, s.length() + 1);
      }
    });
  }

  // ----- generators of well-typed trees

  static Expr bool(Random r, int depth) {
    int pick = depth <= 0 ? r.nextInt(2) : r.nextInt(9);
    return switch (pick) {
      case 0 -> new Expr.Literal(r.nextBoolean(), FactType.BOOLEAN);
      case 1 -> new Expr.Fact(Tries.pick(r, BOOLEAN_FACTS), FactType.BOOLEAN);
      case 2 -> new Expr.Not(bool(r, depth - 1));
      case 3 -> new Expr.Logical(r.nextBoolean(), bool(r, depth - 1), bool(r, depth - 1));
      case 4 -> {
        FactType t = Tries.pick(r, FactType.values());
        yield new Expr.Compare(Tries.pick(r, "==", "!="), value(r, t, depth - 1), value(r, t, depth - 1));
      }
      case 5 -> new Expr.Compare(Tries.pick(r, "<", "<=", ">", ">="), value(r, FactType.NUMBER, 0),
          value(r, FactType.NUMBER, 0));
      case 6 -> {
        FactType t = r.nextBoolean() ? FactType.NUMBER : FactType.STRING;
        List<Expr.Literal> values = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) values.add(literal(r, t));
        yield new Expr.In(value(r, t, 0), values);
      }
      case 7 -> new Expr.Contains(value(r, FactType.STRING, 0), value(r, FactType.STRING, 0));
      default -> {
        String regex = Tries.pick(r, "^a", "b$", "(?i)refactor", "[0-9]+", "a|b", "it's", "x\\\\y", "\\d{2,3}");
        yield new Expr.Matches(value(r, FactType.STRING, 0), regex, java.util.regex.Pattern.compile(regex));
      }
    };
  }

  static Expr value(Random r, FactType type, int depth) {
    if (type == FactType.BOOLEAN) return bool(r, depth);
    if (r.nextBoolean()) return literal(r, type);
    return new Expr.Fact(Tries.pick(r, type == FactType.NUMBER ? NUMBER_FACTS : STRING_FACTS), type);
  }

  static Expr.Literal literal(Random r, FactType type) {
    if (type == FactType.STRING) return new Expr.Literal(string(r), FactType.STRING);
    double v = switch (r.nextInt(3)) {
      case 0 -> r.nextInt(200_000) - 100;
      case 1 -> Math.round(r.nextDouble() * 10_000) / 100.0;
      default -> r.nextDouble() * 1e6 - 5e5;
    };
    return new Expr.Literal(v + 0.0, FactType.NUMBER);
  }

  static String string(Random r) {
    String chars = "ab c'\"\\\n\té😀,()[]&|!=";
    StringBuilder sb = new StringBuilder();
    for (int i = r.nextInt(6); i > 0; i--) {
      int at = r.nextInt(chars.length());
      sb.append(Character.isHighSurrogate(chars.charAt(at)) ? chars.substring(at, at + 2)
          : Character.isLowSurrogate(chars.charAt(at)) ? "x" : String.valueOf(chars.charAt(at)));
    }
    return sb.toString();
  }
}
