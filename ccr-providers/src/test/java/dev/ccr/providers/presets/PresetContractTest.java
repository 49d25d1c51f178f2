package dev.ccr.providers.presets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.providers.openai.OpenAiBodies;
import dev.ccr.providers.openai.OpenAiFormatContractTest;
import mockwebserver3.RecordedRequest;

/** A preset (Moonshot) pointed at the mock: its table row supplies the transformers. */
class PresetContractTest extends OpenAiFormatContractTest {
  @Override
  protected String providerEntry(String baseUrl) {
    return "{name: 'p', api_base_url: '" + baseUrl + "v1/chat/completions', api_key: 'sk-moon', models: ['m'],"
        + " transformer: {use: ['moonshot']}}";
  }

  @Override
  protected String toolCallStream() {
    // Moonshot's preset repairs arguments (enhancetool): single quotes still come out as JSON.
    return OpenAiBodies.toolCallStream().replace("{\\\"city\\\":", "{'city':");
  }

  @Override
  protected void checkSent(RecordedRequest request) {
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer sk-moon");
  }
}
