package dev.ccr.providers.groq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.JsonObject;
import dev.ccr.providers.testing.Providers;
import org.junit.jupiter.api.Test;

class GroqProviderTest {
  @Test
  void schemasLoseWhatGroqRejects() {
    String request = "{\"model\":\"x\",\"max_tokens\":10,\"thinking\":{\"type\":\"adaptive\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"tools\":[{\"name\":\"T\",\"cache_control\":{\"type\":\"ephemeral\"},\"input_schema\":{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
        + "\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}]}";
    String entry = "{name: 'p', api_key: 'k', models: ['llama-3.3-70b-versatile', 'openai/gpt-oss-120b'], transformer: {use: ['groq']}}";

    JsonObject llama = Providers.body(entry, "llama-3.3-70b-versatile", request);
    JsonObject gptOss = Providers.body(entry, "openai/gpt-oss-120b", request);

    assertThat(llama.toJson()).doesNotContain("$schema", "cache_control", "reasoning_effort");
    assertThat(llama.getArray("tools").get(0).asObject().getObject("function").getObject("parameters").getObject("properties"))
        .isNotNull();
    assertThat(gptOss.getString("reasoning_effort")).isEqualTo("medium");
    assertThat(Providers.prepare(entry, "llama-3.3-70b-versatile", request).url())
        .isEqualTo("https://api.groq.com/openai/v1/chat/completions");
  }
}
