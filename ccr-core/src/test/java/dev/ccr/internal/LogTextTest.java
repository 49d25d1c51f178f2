package dev.ccr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void controlCharactersThatCouldForgeALogLineAreEscaped() {
    assertThat(LogText.escaped("a\r\nINFO forged\tx\u0000\u001b[31m\u2028\u202e"))
        .isEqualTo("a\\r\\nINFO forged\\tx\\u0000\\u001b[31m\\u2028\\u202e")
        .doesNotContain("\n", "\r");
  }

  @Test
  void plainTextIsKeptAsItIs() {
    String plain = "main,claude-sonnet-4-5 /home/me/shop é 日本";
    assertThat(LogText.escaped(plain)).isSameAs(plain);
    assertThat(LogText.escaped(null)).isNull();
  }
}
