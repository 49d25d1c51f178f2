package dev.ccr.providers.vertex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.providers.anthropic.AnthropicContractTest;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider contract for {@code vertex-claude}, on the Anthropic contract's bodies, with Google as a fake. */
class VertexClaudeContractTest extends AnthropicContractTest {
  @RegisterExtension
  final FakeGoogle google = new FakeGoogle();

  @Override
  protected String providerEntry(String baseUrl) {
    return "{name: 'p', api_base_url: '" + baseUrl + "', models: ['m'], transformer: {use: ['vertex-claude']},"
        + " project: 'my-proj', location: 'europe-west1', credentials: '" + google.writeKey() + "'}";
  }

  @Override
  protected void checkSent(RecordedRequest request) {
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/v1/projects/my-proj/locations/europe-west1/publishers/anthropic/models/m:streamRawPredict");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer ya29.token-1");
    assertThat(request.getHeaders().get("x-api-key")).isNull();
    JsonObject body = (JsonObject) Json.parse(request.getBody().utf8());
    assertThat(body.getString("anthropic_version")).isEqualTo("vertex-2023-10-16");
    assertThat(body.has("model")).as("the model is in the URL on Vertex").isFalse();
    assertThat(body.getBoolean("stream")).isTrue();
    assertThat(body.getArray("tools").size()).isEqualTo(2);
    assertThat(body.getArray("messages").get(0)).isEqualTo(Json.parse(
        "{\"role\":\"user\",\"content\":\"Weather in Paris?\"}"));
  }
}
