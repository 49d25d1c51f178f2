package dev.ccr.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Json5LimitsTest {

  @Test
  void nestingDeeperThanMoshiCanWriteIsAParseErrorNotAStackOverflow() {
    assertThat(Json5.parse("[".repeat(255) + "]".repeat(255), "c")).isInstanceOf(JsonArray.class);

    assertThatThrownBy(() -> Json5.parse("{a:".repeat(100_000) + "1" + "}".repeat(100_000), "config.json"))
        .isInstanceOf(JsonParseException.class)
        .hasMessage("config.json:1:766: objects and arrays nested deeper than 255 levels");
    assertThatThrownBy(() -> Json5.parse("[".repeat(256), "c")).isInstanceOf(JsonParseException.class);
  }

  @Test
  void aNumberNoJavaNumberHoldsIsAParseErrorWithItsPlace() {
    assertThatThrownBy(() -> Json5.parse("{\n  port: 1e99999999999,\n}", "config.json"))
        .isInstanceOf(JsonParseException.class)
        .hasMessage("config.json:2:9: number out of range");
    assertThat(Json5.parse("1e999999", "c")).isEqualTo(Json.parse("1e999999"));
  }
}
