package dev.ccr.providers.openrouter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.providers.testing.Providers;
import org.junit.jupiter.api.Test;

class OpenRouterProviderTest {
  static final String ENTRY = "{name: 'p', api_base_url: 'https://openrouter.ai/api/v1/chat/completions', api_key: 'k',"
      + " models: ['anthropic/claude-sonnet-4.5', 'google/gemini-2.5-pro']}";
  static final String REQUEST = "{\"model\":\"x\",\"max_tokens\":100,\"system\":[{\"type\":\"text\",\"text\":\"S\","
      + "\"cache_control\":{\"type\":\"ephemeral\"}}],\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048},"
      + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\",\"cache_control\":{\"type\":\"ephemeral\"}}]}],"
      + "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}";

  @Test
  void chosenByHostAndKeepsCacheControlOnlyForAnthropicModels() {
    JsonObject anthropic = Providers.body(ENTRY, "anthropic/claude-sonnet-4.5", REQUEST);
    JsonObject google = Providers.body(ENTRY, "google/gemini-2.5-pro", REQUEST);

    assertThat(anthropic.toJson()).contains("cache_control");
    assertThat(google.toJson()).doesNotContain("cache_control");
  }

  @Test
  void thinkingIsItsReasoningObjectAndWebSearchItsWebPlugin() {
    JsonObject body = Providers.body(ENTRY, "google/gemini-2.5-pro", REQUEST);

    assertThat(body.getObject("reasoning")).isEqualTo(Json.parse("{\"max_tokens\":2048}"));
    assertThat(body.has("reasoning_effort")).isFalse();
    assertThat(body.getArray("plugins")).isEqualTo(Json.parse("[{\"id\":\"web\"}]"));
    JsonObject online = Providers.body(ENTRY, "google/gemini-2.5-pro:online", REQUEST);
    assertThat(online.getString("model")).isEqualTo("google/gemini-2.5-pro:online");
    assertThat(online.has("plugins")).as(":online already searches").isFalse();
  }
}
