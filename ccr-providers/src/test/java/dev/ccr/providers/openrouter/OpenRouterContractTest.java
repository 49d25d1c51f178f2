package dev.ccr.providers.openrouter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.providers.openai.OpenAiFormatContractTest;
import mockwebserver3.RecordedRequest;

class OpenRouterContractTest extends OpenAiFormatContractTest {
  @Override
  protected String reasoningField() {
    return "reasoning";
  }

  @Override
  protected String providerEntry(String baseUrl) {
    return "{name: 'p', api_base_url: '" + baseUrl + "api/v1/chat/completions', api_key: 'sk-or', models: ['m'],"
        + " transformer: {use: ['openrouter']}, provider: {order: ['anthropic'], allow_fallbacks: false},"
        + " headers: {'HTTP-Referer': 'https://example.com', 'X-Title': 'ccr'}}";
  }

  @Override
  protected void checkSent(RecordedRequest request) {
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer sk-or");
    assertThat(request.getHeaders().get("HTTP-Referer")).isEqualTo("https://example.com");
    assertThat(request.getHeaders().get("X-Title")).isEqualTo("ccr");
    JsonObject body = (JsonObject) Json.parse(request.getBody().utf8());
    assertThat(body.getObject("provider")).isEqualTo(Json.parse("{\"order\":[\"anthropic\"],\"allow_fallbacks\":false}"));
  }
}
