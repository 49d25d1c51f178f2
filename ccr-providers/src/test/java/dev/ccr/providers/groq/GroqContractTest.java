package dev.ccr.providers.groq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.providers.openai.OpenAiBodies;
import dev.ccr.testing.ProviderContractTest;
import mockwebserver3.RecordedRequest;

class GroqContractTest extends ProviderContractTest {
  @Override
  protected String providerEntry(String baseUrl) {
    return "{name: 'p', api_base_url: '" + baseUrl + "openai/v1/chat/completions', api_key: 'gsk', models: ['m'],"
        + " transformer: {use: ['groq']}}";
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
    // Groq sends parallel calls whole, each claiming index 0.
    return OpenAiBodies.parallelToolStream().replace("\"index\":1", "\"index\":0");
  }

  @Override
  protected String thinkingStream() {
    return OpenAiBodies.thinkingStream("reasoning");
  }

  @Override
  protected String errorBody(int status, String message) {
    return OpenAiBodies.errorBody(status, message);
  }

  @Override
  protected void checkSent(RecordedRequest request) {
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer gsk");
    assertThat(request.getBody().utf8()).doesNotContain("$schema", "cache_control");
  }
}
