package dev.ccr.providers.deepseek;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.providers.openai.OpenAiFormatContractTest;
import mockwebserver3.RecordedRequest;

class DeepSeekContractTest extends OpenAiFormatContractTest {
  @Override
  protected String providerEntry(String baseUrl) {
    return "{name: 'p', api_base_url: '" + baseUrl + "chat/completions', api_key: 'sk-ds', models: ['m'],"
        + " transformer: {use: ['deepseek']}}";
  }

  @Override
  protected void checkSent(RecordedRequest request) {
    assertThat(request.getUrl().encodedPath()).isEqualTo("/chat/completions");
    JsonObject body = (JsonObject) Json.parse(request.getBody().utf8());
    assertThat(body.has("reasoning_effort")).isFalse();
  }
}
