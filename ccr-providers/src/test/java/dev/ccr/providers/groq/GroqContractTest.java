package dev.ccr.providers.groq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.providers.openai.OpenAiBodies;
import dev.ccr.providers.openai.OpenAiFormatContractTest;
import mockwebserver3.RecordedRequest;

class GroqContractTest extends OpenAiFormatContractTest {
  @Override
  protected String reasoningField() {
    return "reasoning";
  }

  @Override
  protected String providerEntry(String baseUrl) {
    return "{name: 'p', api_base_url: '" + baseUrl + "openai/v1/chat/completions', api_key: 'gsk', models: ['m'],"
        + " transformer: {use: ['groq']}}";
  }

  @Override
  protected String parallelToolStream() {
    // Groq sends parallel calls whole, each claiming index 0.
    return OpenAiBodies.parallelToolStream().replace("\"index\":1", "\"index\":0");
  }

  @Override
  protected void checkSent(RecordedRequest request) {
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer gsk");
    assertThat(request.getBody().utf8()).doesNotContain("$schema", "cache_control");
  }
}
