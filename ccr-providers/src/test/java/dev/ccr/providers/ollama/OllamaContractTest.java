package dev.ccr.providers.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.providers.openai.OpenAiBodies;
import dev.ccr.testing.ProviderContractTest;
import mockwebserver3.RecordedRequest;

class OllamaContractTest extends ProviderContractTest {
  @Override
  protected String providerEntry(String baseUrl) {
    // No key: Ollama needs none, and the entry is valid without one.
    return "{name: 'p', api_base_url: '" + baseUrl + "v1/chat/completions', models: ['m'], transformer: {use: ['ollama']}}";
  }

  @Override
  protected String textReply() {
    return OpenAiBodies.textReply();
  }

  @Override
  protected String textStream() {
    return OpenAiBodies.textStream();
  }

  @Override
  protected String toolCallStream() {
    return OpenAiBodies.toolCallStream();
  }

  @Override
  protected String parallelToolStream() {
    return OpenAiBodies.parallelToolStream();
  }

  @Override
  protected String thinkingStream() {
    return OpenAiBodies.thinkingStream("reasoning");
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
