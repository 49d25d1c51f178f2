package dev.ccr.providers.vertex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.providers.gemini.GeminiContractTest;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider contract for {@code vertex-gemini}, on the Gemini contract's bodies, with Google as a fake. */
class VertexGeminiContractTest extends GeminiContractTest {
  @RegisterExtension
  final FakeGoogle google = new FakeGoogle();

  @Override
  protected String providerEntry(String baseUrl) {
    return "{name: 'p', api_base_url: '" + baseUrl + "', models: ['m'], transformer: {use: ['vertex-gemini']},"
        + " project: 'my-proj', location: 'us-central1', credentials: '" + google.writeKey() + "'}";
  }

  @Override
  protected void checkSent(RecordedRequest request) {
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/v1/projects/my-proj/locations/us-central1/publishers/google/models/m:streamGenerateContent");
    assertThat(request.getUrl().queryParameter("alt")).isEqualTo("sse");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer ya29.token-1");
    assertThat(request.getHeaders().get("x-goog-api-key")).isNull();
    checkBody(request);
    assertThat(google.claims()).hasSize(1);
  }
}
