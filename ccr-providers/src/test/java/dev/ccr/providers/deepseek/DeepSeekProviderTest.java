package dev.ccr.providers.deepseek;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.JsonObject;
import dev.ccr.providers.testing.Providers;
import org.junit.jupiter.api.Test;

class DeepSeekProviderTest {
  static final String ENTRY = "{name: 'p', api_key: 'k', models: ['deepseek-chat', 'deepseek-reasoner'], transformer: {use: ['deepseek']}}";

  @Test
  void reasoningGoesBackOnTheAssistantTurnOfAToolLoop() {
    String loop = "{\"model\":\"x\",\"max_tokens\":128000,\"messages\":[{\"role\":\"user\",\"content\":\"list files\"},"
        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"I should run ls.\",\"signature\":\"ccr.abc\"},"
        + "{\"type\":\"tool_use\",\"id\":\"call_0\",\"name\":\"Bash\",\"input\":{\"command\":\"ls\"}}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"call_0\",\"content\":\"a b\"}]}]}";

    JsonObject body = Providers.body(ENTRY, "deepseek-reasoner", loop);

    JsonObject assistant = body.getArray("messages").get(1).asObject();
    assertThat(assistant.getString("reasoning_content")).isEqualTo("I should run ls.");
    assertThat(assistant.getArray("tool_calls").size()).isEqualTo(1);
  }

  @Test
  void maxTokensIsClampedToTheModelsLimit() {
    String request = "{\"model\":\"x\",\"max_tokens\":128000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    assertThat(Providers.body(ENTRY, "deepseek-chat", request).getNumber("max_tokens").intValue()).isEqualTo(8192);
    assertThat(Providers.body(ENTRY, "deepseek-reasoner", request).getNumber("max_tokens").intValue()).isEqualTo(65536);
    assertThat(Providers.prepare(ENTRY, "deepseek-chat", request).url()).isEqualTo("https://api.deepseek.com/chat/completions");
  }
}
