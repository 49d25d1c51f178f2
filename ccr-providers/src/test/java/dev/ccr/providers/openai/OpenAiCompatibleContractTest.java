package dev.ccr.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import mockwebserver3.RecordedRequest;

class OpenAiCompatibleContractTest extends OpenAiFormatContractTest {
  @Override
  protected String providerEntry(String baseUrl) {
    return "{name: 'p', api_base_url: '" + baseUrl + "v1/chat/completions', api_key: 'sk-o', models: ['m']}";
  }

  @Override
  protected void checkSent(RecordedRequest request) {
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer sk-o");
    JsonObject body = (JsonObject) Json.parse(request.getBody().utf8());
    assertThat(body.getObject("stream_options").getBoolean("include_usage")).isTrue();
    assertThat(body.getArray("tools").size()).isEqualTo(2);
  }
}
