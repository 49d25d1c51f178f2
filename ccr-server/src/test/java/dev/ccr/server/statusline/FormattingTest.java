package dev.ccr.server.statusline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How variables are formatted and colours written, as the original does. */
class FormattingTest {
  @Test
  void tokensOverAThousandShowInThousands() {
    assertThat(Variables.tokens(999)).isEqualTo("999");
    assertThat(Variables.tokens(1000)).isEqualTo("1000");
    assertThat(Variables.tokens(1001)).isEqualTo("1.0k");
    assertThat(Variables.tokens(123_456)).isEqualTo("123.5k");
  }

  @Test
  void fixedDecimalsRoundHalfUp() {
    assertThat(Variables.fixed(1.25, 1)).isEqualTo("1.3");
    assertThat(Variables.fixed(0.999, 2)).isEqualTo("1.00");
    assertThat(Variables.fixed(12.5, 2)).isEqualTo("12.50");
    assertThat(Variables.fixed(0.05, 2)).isEqualTo("0.05");
    assertThat(Variables.fixed(-0.5, 1)).isEqualTo("-0.5");
  }

  @Test
  void costUnderACentShowsInCents() {
    assertThat(Variables.cost(0.0053)).isEqualTo("0.53¢");
    assertThat(Variables.cost(1.2)).isEqualTo("$1.20");
  }

  @Test
  void aCostTooSmallForTwoDecimalsOfACentShowsAsUnderOneHundredthOfACent() {
    assertThat(Variables.cost(0.000032)).isEqualTo("<0.01¢");
    assertThat(Variables.cost(0.00005)).isEqualTo("0.01¢");
  }

  @Test
  void aTextWhoseVariablesAreAllUnknownIsToldApart() {
    Map<String, String> v = Map.of("contextPercent", "", "tokenSpeed", "", "model", "glm");
    assertThat(Variables.allUnknown("{{contextPercent}}%", v)).isTrue();
    assertThat(Variables.allUnknown("{{tokenSpeed}} t/s {{nope}}", v)).isTrue();
    assertThat(Variables.allUnknown("{{model}} {{tokenSpeed}} t/s", v)).isFalse();
    assertThat(Variables.allUnknown("no variable at all", v)).isFalse();
  }

  @Test
  void durationsShowInTheirLargestUnit() {
    assertThat(Variables.duration(850)).isEqualTo("850ms");
    assertThat(Variables.duration(4200)).isEqualTo("4.2s");
    assertThat(Variables.duration(343_171)).isEqualTo("5m43s");
  }

  @Test
  void unknownVariablesAreEmptyAndBracesThatAreNoVariableStay() {
    Map<String, String> v = Map.of("model", "glm");
    assertThat(Variables.fill("{{model}} {{nope}} {{not a var}} {{", v)).isEqualTo("glm  {{not a var}} {{");
  }

  @Test
  void workDirNameIsTheLastPartOfEitherKindOfPath() {
    assertThat(Variables.name("/home/me/proj/")).isEqualTo("proj");
    assertThat(Variables.name("C:\\Users\\me\\proj")).isEqualTo("proj");
    assertThat(Variables.name("/")).isEqualTo("/");
  }

  @Test
  void coloursByNameBrightnessOrHex() {
    assertThat(Colours.foreground("red")).isEqualTo("\u001b[31m");
    assertThat(Colours.foreground("bright_white")).isEqualTo("\u001b[97m");
    assertThat(Colours.background("bg_bright_blue")).isEqualTo("\u001b[104m");
    assertThat(Colours.background("blue")).isEqualTo("\u001b[44m");
    assertThat(Colours.foreground("#FF8000")).isEqualTo("\u001b[38;2;255;128;0m");
    assertThat(Colours.background("bg_#0f0")).isEqualTo("\u001b[48;2;0;255;0m");
    assertThat(Colours.foreground("no-such-colour")).isEmpty();
    assertThat(Colours.rgb("bright_blue")).containsExactly(0, 0, 255);
    assertThat(Colours.rgb("bg_bright_orange")).containsExactly(255, 95, 0);
    assertThat(Colours.rgb("#12")).isNull();
  }

  @Test
  void privateUseGlyphsAreDroppedAndOtherSymbolsKept() {
    assertThat(LineRenderer.withoutPrivateUse("\uDB80\uDE4B")).isEmpty();
    assertThat(LineRenderer.withoutPrivateUse("\uE725 ↑⚡")).isEqualTo("↑⚡");
  }
}
