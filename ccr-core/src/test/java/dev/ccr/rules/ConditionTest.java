package dev.ccr.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConditionTest {
  static final Map<String, Object> FACTS = Map.of(
      "context_length", 45_000.0, "scenario", "background", "model", "claude-haiku-4-5", "has_tools", true,
      "has_images", false, "thinking", false, "session_id", "abc", "project", "/home/me/shop",
      "message_count", 7.0, "last_user_text", "please Refactor the parser");

  static boolean holds(String text) {
    return Condition.parse(text, RequestFacts.types()).test(FACTS::get);
  }

  static Stream<Arguments> examples() {
    return Stream.of(
        Arguments.of("context_length > 32000", true),
        Arguments.of("context_length > 32000 && !thinking", true),
        Arguments.of("context_length <= 45000 && context_length >= 45000", true),
        Arguments.of("context_length < 45000", false),
        Arguments.of("scenario == 'background' && has_tools", true),
        Arguments.of("scenario != \"background\" || has_images", false),
        Arguments.of("!(scenario == 'background')", false),
        Arguments.of("! has_tools || has_tools", true),
        Arguments.of("model in ['claude-haiku-4-5', 'x']", true),
        Arguments.of("message_count in [1, 2, 3]", false),
        Arguments.of("message_count in []", false),
        Arguments.of("project contains 'shop'", true),
        Arguments.of("last_user_text matches '(?i)\\brefactor\\b'", true),
        Arguments.of("last_user_text matches '^refactor'", false),
        Arguments.of("has_tools == true && thinking == false", true),
        Arguments.of("context_length > -1", true),
        Arguments.of("true", true),
        Arguments.of("(((false))) || (true && (false || true))", true),
        Arguments.of("session_id == 'ab\\'c'", false));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("examples")
  void evaluates(String text, boolean expected) {
    assertThat(holds(text)).isEqualTo(expected);
  }

  @Test
  void andBindsTighterThanOr() {
    assertThat(holds("true || false && false")).isTrue();
    assertThat(Condition.parse("true || false && false", RequestFacts.types()).canonical())
        .isEqualTo("(true || (false && false))");
  }

  @Test
  void onlyTheFactsItNeedsAreWorkedOut() {
    Map<String, Integer> asked = new HashMap<>();
    Facts counting = name -> {
      asked.merge(name, 1, Integer::sum);
      return FACTS.get(name);
    };
    assertThat(Condition.parse("thinking && context_length > 1", RequestFacts.types()).test(counting)).isFalse();
    assertThat(asked).containsOnlyKeys("thinking");
  }

  static Stream<Arguments> problems() {
    return Stream.of(
        Arguments.of("contxt_length > 5", 1, "unknown fact \"contxt_length\" (did you mean context_length?)"),
        Arguments.of("contxt_length > 5 && has_tool", 1,
            "unknown fact \"contxt_length\" (did you mean context_length?), and \"has_tool\" at column 22 (did you mean has_tools?)"),
        Arguments.of("context_length >", 17, "expected a fact, a number, a string"),
        Arguments.of("context_length > 'big'", 16, "'>' compares numbers"),
        Arguments.of("scenario == 3", 10, "'==' compares values of one type"),
        Arguments.of("context_length", 1, "the condition must be true or false"),
        Arguments.of("has_tools && context_length", 11, "'&&' needs true or false on each side"),
        Arguments.of("scenario = 'x'", 10, "'=' must be '=='"),
        Arguments.of("scenario == 'x", 13, "the string is not closed"),
        Arguments.of("(has_tools", 11, "expected ')' to close the '(' at column 1"),
        Arguments.of("has_tools )", 11, "expected '&&', '||' or the end of the condition"),
        Arguments.of("model matches '([a-z'", 15, "bad regular expression"),
        Arguments.of("model matches model", 15, "expected a regular expression in quotes"),
        Arguments.of("model in ['a', 2]", 16, "this list holds strings"),
        Arguments.of("has_tools in [true]", 11, "'in' looks for a number or a string"),
        Arguments.of("context_length > 32k", 20, "a number must not run into letters"),
        Arguments.of("context_length # 3", 16, "unexpected character '#'"),
        Arguments.of("''", 1, "the condition must be true or false"),
        Arguments.of("model contains 3", 7, "'contains' looks for a string in a string"),
        Arguments.of("context_length > 1 < 2", 20, "expected '&&', '||' or the end"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void problemsSayWhatAndWhere(String text, int column, String reason) {
    assertThatThrownBy(() -> Condition.parse(text, RequestFacts.types()))
        .isInstanceOfSatisfying(RuleSyntaxException.class, e -> {
          assertThat(e.reason()).startsWith(reason);
          assertThat(e.column()).isEqualTo(column);
        });
  }

  @Test
  void anEmptyConditionIsAnError() {
    assertThatThrownBy(() -> Condition.parse("   ", RequestFacts.types()))
        .isInstanceOf(RuleSyntaxException.class).hasMessageContaining("empty");
  }

  @Test
  void theDescriptionPutsACaretUnderTheColumn() {
    RuleSyntaxException e = (RuleSyntaxException) org.assertj.core.api.Assertions.catchThrowable(
        () -> Condition.parse("has_tools && contxt_length > 1", RequestFacts.types()));
    List<String> lines = e.describe("routing.rules[2].condition", "has_tools && contxt_length > 1").lines().toList();
    assertThat(lines.get(0)).startsWith("routing.rules[2].condition: unknown fact \"contxt_length\"").endsWith("(column 14)");
    assertThat(lines.get(1)).isEqualTo("      has_tools && contxt_length > 1");
    assertThat(lines.get(2).indexOf('^')).isEqualTo(lines.get(1).indexOf("contxt_length"));
  }

  @Test
  void deepNestingIsAnErrorNotAStackOverflow() {
    String deep = "(".repeat(10_000) + "true" + ")".repeat(10_000);
    assertThatThrownBy(() -> Condition.parse(deep, RequestFacts.types()))
        .isInstanceOf(RuleSyntaxException.class).hasMessageContaining("longer than");
    String nested = "(".repeat(100) + "true" + ")".repeat(100);
    assertThatThrownBy(() -> Condition.parse(nested, RequestFacts.types()))
        .isInstanceOf(RuleSyntaxException.class).hasMessageContaining("nests deeper than 64");
    String nots = "!".repeat(1_000) + "true";
    assertThatThrownBy(() -> Condition.parse(nots, RequestFacts.types()))
        .isInstanceOf(RuleSyntaxException.class).hasMessageContaining("nests deeper");
  }

  @Test
  void catastrophicBacktrackingCountsAsNoMatchInsteadOfHanging() {
    Condition c = Condition.parse("last_user_text matches '^(a+)+b$'", RequestFacts.types());
    String evil = "a".repeat(5_000) + "c";
    assertThat(c.test(name -> evil)).isFalse();
    assertThat(c.test(name -> "aaab")).isTrue();
  }

  @Test
  void matchingReadsOnlyTheFirstTenThousandCharacters() {
    Condition c = Condition.parse("last_user_text matches 'needle'", RequestFacts.types());
    assertThat(c.test(name -> "x".repeat(9_000) + "needle")).isTrue();
    assertThat(c.test(name -> "x".repeat(10_000) + "needle")).isFalse();
  }

  @Test
  void aMissingFactReadsAsItsTypesEmptyValue() {
    Condition c = Condition.parse("project == '' && context_length == 0 && !has_tools", RequestFacts.types());
    assertThat(c.test(name -> null)).isTrue();
  }
}
