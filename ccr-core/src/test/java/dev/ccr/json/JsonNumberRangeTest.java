package dev.ccr.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonNumberRangeTest {

  @Test
  void aNumberWhoseExponentNoJavaNumberHoldsIsAParseErrorNamingItsPath() {
    assertThatThrownBy(() -> Json.parse("{\"thinking\":{\"budget_tokens\":1e99999999999}}"))
        .isInstanceOf(JsonParseException.class)
        .hasMessageContaining("1e99999999999")
        .hasMessageContaining("$.thinking.budget_tokens");
    assertThatThrownBy(() -> Json.parse("[-2.5E+2147483648]")).isInstanceOf(JsonParseException.class);
  }

  @Test
  void hugeButHoldableNumbersParseAndAnswerWithoutExpanding() {
    JsonNumber big = (JsonNumber) Json.parse("1e999999");
    JsonNumber tiny = (JsonNumber) Json.parse("1e-999999");
    JsonNumber zeros = (JsonNumber) Json.parse("1E+0000000000000000009");

    assertThat(big.isIntegral()).isTrue();
    assertThatThrownBy(big::intValue).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(tiny::longValue).isInstanceOf(ArithmeticException.class);
    assertThat(big.doubleValue()).isInfinite();
    assertThat(big).isEqualTo(Json.parse("10e999998")).hasSameHashCodeAs(Json.parse("10e999998"));
    assertThat(zeros.longValue()).isEqualTo(1_000_000_000L);
    assertThat(Json.write(big)).isEqualTo("1e999999");
  }

  @org.junit.jupiter.api.TestFactory
  java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> intAndLongValuesAreWhatBigDecimalGives() {
    return dev.ccr.testing.Tries.of("intAndLong", 300, r -> {
      String literal = switch (r.nextInt(6)) {
        case 0 -> Long.toString(r.nextLong());
        case 1 -> Integer.toString(r.nextInt());
        case 2 -> (r.nextBoolean() ? "-" : "") + "9".repeat(1 + r.nextInt(20));
        case 3 -> r.nextInt(1000) + "." + r.nextInt(10);
        case 4 -> r.nextInt(100) + "e" + r.nextInt(20);
        default -> (r.nextBoolean() ? "-" : "") + "0".repeat(1 + r.nextInt(3)) + r.nextInt(50);
      };
      JsonNumber n = JsonNumber.of(literal);
      java.math.BigDecimal d = new java.math.BigDecimal(literal);
      assertOutcome(n::intValue, d::intValueExact);
      assertOutcome(n::longValue, d::longValueExact);
    });
  }

  private static void assertOutcome(java.util.concurrent.Callable<Number> actual, java.util.concurrent.Callable<Number> expected)
      throws Exception {
    Number want;
    try {
      want = expected.call();
    } catch (ArithmeticException e) {
      assertThatThrownBy(actual::call).isInstanceOf(ArithmeticException.class);
      return;
    }
    assertThat(actual.call()).isEqualTo(want);
  }

  @Test
  void aNumberLongerThanTenThousandCharactersIsRefusedUnread() {
    String million = "1".repeat(1_000_000);

    assertThatThrownBy(() -> Json.parse("{\"max_tokens\":" + million + "e1234567890}"))
        .isInstanceOf(JsonParseException.class)
        .hasMessageContaining("number too long (1000011 characters)")
        .hasMessageContaining("$.max_tokens");
    assertThatThrownBy(() -> Json5.parse("{a: " + million + "}", "config.json"))
        .hasMessageContaining("number too long");
    String longest = "9".repeat(JsonNumber.MAX_LITERAL);
    assertThat(Json.write(Json.parse("[" + longest + "]"))).isEqualTo("[" + longest + "]");
    assertThat(JsonNumber.refusal("1e2147473647")).isNull();
    assertThat(JsonNumber.refusal("1e2147483647")).isEqualTo("number out of range");
  }
}
