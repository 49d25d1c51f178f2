package dev.ccr.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import org.junit.jupiter.api.Test;

class PriceTableTest {
  static final Price OPUS_4 = new Price(15, 75, 1.5, 18.75);
  static final Price OPUS_4_5 = new Price(5, 25, 0.5, 6.25);

  @Test
  void configuredRoutePriceWinsOverModelPriceOverTheBuiltInTable() {
    PriceTable t = PriceTable.of((JsonObject) Json.parse("{\"deepseek,deepseek-chat\": {\"input\": 1, \"output\": 2},"
        + "\"deepseek-reasoner\": {\"input\": 3, \"output\": 4, \"cache_read\": 0.5, \"cache_write\": 6},"
        + "\"claude-opus-4\": {\"input\": 7, \"output\": 8}}"));

    assertThat(t.find("DeepSeek", "deepseek-chat")).contains(new Price(1, 2, 1, 1));
    assertThat(t.find("other", "deepseek-chat")).as("no built-in price for it").isEmpty();
    assertThat(t.find("any", "deepseek-reasoner")).contains(new Price(3, 4, 0.5, 6));
    assertThat(t.find("anthropic", "claude-opus-4")).contains(new Price(7, 8, 7, 7));
    assertThat(t.find("anthropic", "claude-opus-4-1")).contains(OPUS_4);
    assertThat(t.find("ollama", "llama3.1:70b")).isEmpty();
  }

  @Test
  void builtInPricesMatchExactModelNamesAndSuffixesThatOnlyDateTheSameModel() {
    PriceTable t = PriceTable.builtIn();

    assertThat(t.find("anthropic", "claude-opus-4")).contains(OPUS_4);
    assertThat(t.find("anthropic", "claude-opus-4-20250514")).contains(OPUS_4);
    assertThat(t.find("anthropic", "claude-opus-4-0")).contains(OPUS_4);
    assertThat(t.find("anthropic", "claude-opus-4-5")).as("a newer model, not a snapshot of Opus 4").contains(OPUS_4_5);
    assertThat(t.find("anthropic", "claude-opus-4-5-20251101")).contains(OPUS_4_5);
    assertThat(t.find("openrouter", "anthropic/claude-opus-4.5")).contains(OPUS_4_5);
    assertThat(t.find("openrouter", "anthropic/claude-3.7-sonnet")).contains(new Price(3, 15, 0.3, 3.75));
    assertThat(t.find("bedrock", "us.anthropic.claude-3-5-haiku-20241022-v1:0")).contains(new Price(0.8, 4, 0.08, 1));
    assertThat(t.find("anthropic", "claude-3-7-sonnet-latest")).contains(new Price(3, 15, 0.3, 3.75));
    assertThat(t.find("anthropic", "claude-opus-4-6")).as("unknown: no price rather than another model's").isEmpty();
    assertThat(t.find("anthropic", "claude-opus-4-turbo")).isEmpty();
    assertThat(t.find("gemini", "gemini-2.5-flash-lite")).isEmpty();
    assertThat(t.find("openrouter", "meta-llama/llama-3.3-70b-instruct:free")).contains(new Price(0, 0, 0, 0));
  }

  @Test
  void providersThatDoNotBillGetNoListPriceButKeepConfiguredOnes() {
    CcrConfig config = CcrConfig.parse("{Providers: ["
        + "{name: 'ollama', api_base_url: 'http://ollama.lan:11434/v1/chat/completions', models: ['claude-opus-4']},"
        + "{name: 'mine', api_base_url: 'http://127.0.0.1:8080/v1/chat/completions', models: ['claude-opus-4', 'priced']},"
        + "{name: 'box', api_base_url: 'http://localhost:8080/v1/chat/completions', models: ['claude-opus-4']},"
        + "{name: 'openrouter', api_base_url: 'https://openrouter.ai/api/v1/chat/completions', api_key: 'k',"
        + " models: ['anthropic/claude-opus-4']}],"
        + " Router: {default: 'openrouter,anthropic/claude-opus-4'}, Prices: {'mine,priced': {input: 1, output: 2}}}");
    PriceTable t = PriceTable.forConfig(config);

    assertThat(t.find("ollama", "claude-opus-4")).isEmpty();
    assertThat(t.find("mine", "claude-opus-4")).isEmpty();
    assertThat(t.find("box", "claude-opus-4")).isEmpty();
    assertThat(t.find("mine", "priced")).contains(new Price(1, 2, 1, 1));
    assertThat(t.find("openrouter", "anthropic/claude-opus-4")).contains(OPUS_4);
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
