package dev.ccr.providers.vertex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.providers.openai.OpenAiFormatContractTest;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider contract for {@code vertex-openai}, on the Chat Completions contract's bodies, in
 * the original's config shape: the whole endpoint URL, and the service account key in the options.
 */
class VertexOpenAiContractTest extends OpenAiFormatContractTest {
  @RegisterExtension
  final FakeGoogle google = new FakeGoogle();

  @Override
  protected String providerEntry(String baseUrl) {
    JsonObject key = FakeGoogle.key(google.tokenUri());
    JsonObject options = JsonObject.builder().put("client_email", key.get("client_email"))
        .put("private_key", key.get("private_key")).put("token_uri", key.get("token_uri")).build();
    return "{name: 'p', api_base_url: '" + baseUrl + "v1beta1/projects/my-proj/locations/us-central1/endpoints/openapi/"
        + "chat/completions', api_key: '', models: ['m'], transformer: {use: [['vertex-openai', "
        + Json.write(options) + "]]}}";
  }

  @Override
  protected void checkSent(RecordedRequest request) {
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/v1beta1/projects/my-proj/locations/us-central1/endpoints/openapi/chat/completions");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer ya29.token-1");
    JsonObject body = (JsonObject) Json.parse(request.getBody().utf8());
    assertThat(body.getString("model")).as("the model is in the body, not the URL").isEqualTo("m");
    assertThat(body.getObject("stream_options").getBoolean("include_usage")).isTrue();
    assertThat(body.getArray("tools").size()).isEqualTo(2);
    assertThat(google.claims()).hasSize(1);
    assertThat(google.claims().get(0).get("iss")).isEqualTo(FakeGoogle.EMAIL);
  }
}
