package dev.ccr.providers.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.providers.openai.OpenAiFormatContractTest;
import mockwebserver3.RecordedRequest;

class OllamaContractTest extends OpenAiFormatContractTest {
  @Override
  protected String reasoningField() {
    return "reasoning";
  }

  @Override
  protected String providerEntry(String baseUrl) {
    // No key: Ollama needs none, and the entry is valid without one.
    return "{name: 'p', api_base_url: '" + baseUrl + "v1/chat/completions', models: ['m'], transformer: {use: ['ollama']}}";
  }

  @Override
  protected String errorBody(int status, String message) {
    return "{\"error\":\"" + message + "\"}"; // Ollama's shape: a bare string
  }

  @Override
  protected void checkSent(RecordedRequest request) {
    assertThat(request.getHeaders().get("Authorization")).isNull();
  }
}
