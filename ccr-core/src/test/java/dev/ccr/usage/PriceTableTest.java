package dev.ccr.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ccr.ConfigException;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import org.junit.jupiter.api.Test;

class PriceTableTest {
  @Test
  void configuredRoutePriceWinsOverModelPriceOverTheBuiltInTable() {
    PriceTable t = PriceTable.of((JsonObject) Json.parse("{\"deepseek,deepseek-chat\": {\"input\": 1, \"output\": 2},"
        + "\"deepseek-reasoner\": {\"input\": 3, \"output\": 4, \"cache_read\": 0.5, \"cache_write\": 6}}"));

    assertThat(t.find("DeepSeek", "deepseek-chat")).contains(new Price(1, 2, 1, 1));
    assertThat(t.find("other", "deepseek-chat")).contains(new Price(0.27, 1.10, 0.07, 0.27));
    assertThat(t.find("any", "deepseek-reasoner")).contains(new Price(3, 4, 0.5, 6));
    assertThat(t.find("openrouter", "anthropic/claude-sonnet-4.5")).contains(new Price(3, 15, 0.3, 3.75));
    assertThat(t.find("openrouter", "openai/gpt-4o-mini-2024-07-18")).as("the longest prefix")
        .contains(new Price(0.15, 0.6, 0.075, 0.15));
    assertThat(t.find("ollama", "llama3.1:70b")).isEmpty();
  }

  @Test
  void costIsPerMillionTokensOfEachKind() {
    assertThat(new Price(0.27, 1.10, 0.07, 0.3).cost(1_000_000, 500_000, 2_000_000, 100_000))
        .isCloseTo(0.27 + 0.55 + 0.14 + 0.03, within(1e-12));
  }

  @Test
  void malformedPricesAreConfigProblemsNamingTheEntry() {
    assertThatThrownBy(() -> PriceTable.of((JsonObject) Json.parse("{\"a,b\": {\"input\": \"cheap\", \"output\": 1},"
        + "\"c\": 3}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Prices[\"a,b\"].input must be a number")
        .hasMessageContaining("Prices[\"c\"] must be an object");
  }
}
