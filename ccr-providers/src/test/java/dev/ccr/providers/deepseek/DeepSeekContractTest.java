package dev.ccr.providers.deepseek;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.providers.openai.OpenAiBodies;
import dev.ccr.testing.ProviderContractTest;
import mockwebserver3.RecordedRequest;

class DeepSeekContractTest extends ProviderContractTest {
  @Override
  protected String providerEntry(String baseUrl) {
    return "{name: 'p', api_base_url: '" + baseUrl + "chat/completions', api_key: 'sk-ds', models: ['m'],"
        + " transformer: {use: ['deepseek']}}";
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
    return OpenAiBodies.thinkingStream("reasoning_content");
  }

  @Override
  protected String errorBody(int status, String message) {
    return OpenAiBodies.errorBody(status, message);
  }

  @Override
  protected void checkSent(RecordedRequest request) {
    assertThat(request.getUrl().encodedPath()).isEqualTo("/chat/completions");
    JsonObject body = (JsonObject) Json.parse(request.getBody().utf8());
    assertThat(body.has("reasoning_effort")).isFalse();
  }
}
