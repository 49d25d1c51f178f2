package dev.ccr.providers.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.config.ProviderConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesRequest;
import dev.ccr.providers.testing.Providers;
import dev.ccr.routing.Route;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.spi.Provider;
import dev.ccr.spi.UpstreamRequest;
import dev.ccr.testing.FakeClock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** URLs, bodies and config checks of both Vertex AI providers, from config entries as users write them. */
class VertexProvidersTest {
  private static final String HELLO = "{\"model\":\"x\",\"max_tokens\":100,\"service_tier\":\"auto\","
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  @RegisterExtension
  final FakeGoogle google = new FakeGoogle();
  private final Map<String, String> env = new HashMap<>(Map.of("GOOGLE_APPLICATION_CREDENTIALS",
      google.writeKey().toString()));
  private final PluginRegistry plugins = FakeGoogle.plugins(env, new FakeClock());

  private UpstreamRequest prepare(String entry, String model, boolean stream) {
    ProviderConfig pc = CcrConfig.parse("{Providers: [" + entry + "], Router: {}}").providers().get(0);
    Provider.Factory f = plugins.providerFor(pc).orElseThrow();
    assertThat(f.problems(pc)).isEmpty();
    Provider provider = f.create(pc.apiBaseUrl() != null ? pc : pc.withApiBaseUrl(f.defaultBaseUrl(pc)));
    MessagesRequest request = AnthropicJson.readRequest(HELLO).toBuilder().stream(stream).build().withModel(model);
    return provider.prepare(request, Route.of(pc.name(), model, "default", "test"));
  }

  private ConfigException problems(String entry) {
    return (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> ClaudeCodeRouter.builder()
        .plugins(plugins).config(CcrConfig.parse("{Providers: [" + entry + "], Router: {default: 'vertex,m'}}")).build());
  }

  @Test
  void issueConfigCallsTheRegionalHostWithABearerToken() {
    UpstreamRequest r = prepare("{\"name\":\"vertex\",\"transformer\":{\"use\":[\"vertex-gemini\"]},"
        + "\"models\":[\"gemini-2.5-pro\"],\"project\":\"my-proj\",\"location\":\"us-central1\"}", "gemini-2.5-pro", false);

    assertThat(r.url()).isEqualTo("https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/locations/"
        + "us-central1/publishers/google/models/gemini-2.5-pro:generateContent");
    assertThat(r.format()).isEqualTo(UpstreamRequest.GEMINI);
    assertThat(r.headers()).containsEntry("Authorization", "Bearer ya29.token-1").doesNotContainKey("x-goog-api-key");
    assertThat(r.body().getArray("contents").get(0)).isEqualTo(Json.parse(
        "{\"role\":\"user\",\"parts\":[{\"text\":\"Hello\"}]}"));
  }

  @Test
  void globalLocationUsesTheHostWithoutARegionAndIsTheDefault() {
    assertThat(prepare("{name: 'vertex-gemini', models: ['gemini-2.5-flash'], project: 'p1'}", "gemini-2.5-flash", true)
        .url()).isEqualTo("https://aiplatform.googleapis.com/v1/projects/p1/locations/global/publishers/google/models/"
            + "gemini-2.5-flash:streamGenerateContent?alt=sse");
    assertThat(prepare("{name: 'v', models: ['m'], project: 'p1', location: 'global', transformer: {use: ['vertex-claude']}}",
        "m", false).url()).startsWith("https://aiplatform.googleapis.com/v1/projects/p1/locations/global/");
  }

  @Test
  void projectAndLocationComeFromTheEnvironmentWhenTheEntryHasNone() {
    env.put("GOOGLE_CLOUD_PROJECT", "env-proj");
    env.put("GOOGLE_CLOUD_LOCATION", "europe-west4");

    UpstreamRequest r = prepare("{name: 'vertex-claude', models: ['claude-sonnet-4-5@20250929']}",
        "claude-sonnet-4-5@20250929", true);

    assertThat(r.url()).isEqualTo("https://europe-west4-aiplatform.googleapis.com/v1/projects/env-proj/locations/"
        + "europe-west4/publishers/anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict");
  }

  @Test
  void claudeBodyIsAnthropicsWithTheVersionInsteadOfTheModelAndKeepsUnknownFields() {
    UpstreamRequest r = prepare("{name: 'v', models: ['m'], project: 'p1', location: 'us-east5',"
        + " transformer: {use: ['vertex-claude']}}", "claude-opus-4-1@20250805", false);

    assertThat(r.url()).endsWith("/publishers/anthropic/models/claude-opus-4-1@20250805:rawPredict");
    assertThat(r.format()).isEqualTo(UpstreamRequest.ANTHROPIC);
    JsonObject body = r.body();
    assertThat(body.has("model")).isFalse();
    assertThat(body.getString("anthropic_version")).isEqualTo("vertex-2023-10-16");
    assertThat(body.getString("service_tier")).as("unknown fields survive").isEqualTo("auto");
    assertThat(body.getNumber("max_tokens").intValue()).isEqualTo(100);
    assertThat(r.headers()).containsEntry("Authorization", "Bearer ya29.token-1")
        .doesNotContainKeys("x-api-key", "anthropic-version");
  }

  @Test
  void apiBaseUrlReplacesTheHostAndKeepsAGivenVersion() {
    assertThat(prepare("{name: 'vertex-gemini', models: ['m'], project: 'p1', api_base_url: 'https://gw.example/v1beta1/'}",
        "m", false).url()).isEqualTo("https://gw.example/v1beta1/projects/p1/locations/global/publishers/google/models/m"
            + ":generateContent");
    assertThat(prepare("{name: 'vertex-gemini', models: ['m'], project: 'p1', api_base_url: 'http://127.0.0.1:9/'}",
        "m", false).url()).startsWith("http://127.0.0.1:9/v1/projects/p1/");
  }

  @Test
  void projectComesFromTheServiceAccountKeyWhenNothingElseGivesIt() {
    assertThat(prepare("{name: 'vertex-gemini', models: ['m'], location: 'us-central1'}", "m", false).url())
        .startsWith("https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-central1/");
  }

  @Test
  void wholeModelUrlAsApiBaseUrlIsCutBackToItsBase() {
    assertThat(prepare("{name: 'vertex-claude', models: ['m'], project: 'p1', location: 'us-east5', api_base_url: "
        + "'https://us-east5-aiplatform.googleapis.com/v1/projects/old/locations/us-east5/publishers/anthropic/models/'}",
        "claude-haiku-4-5@20251001", false).url()).isEqualTo("https://us-east5-aiplatform.googleapis.com/v1/projects/p1/"
            + "locations/us-east5/publishers/anthropic/models/claude-haiku-4-5@20251001:rawPredict");
  }

  @Test
  void missingProjectIsAConfigProblemBeforeAnyRequest() {
    env.put("GOOGLE_APPLICATION_CREDENTIALS", google.writeUserCredentials(google.dir().resolve("user.json")).toString());

    ConfigException e = problems("{name: 'vertex', models: ['m'], transformer: {use: ['vertex-gemini']}}");

    assertThat(e.problems()).singleElement().asString().startsWith("Providers[0] (vertex): \"project\" is missing")
        .contains("GOOGLE_CLOUD_PROJECT");
  }

  @Test
  void badLocationAndMissingKeyFileAreConfigProblems() {
    ConfigException e = problems("{name: 'vertex', models: ['m'], transformer: {use: ['vertex-claude']}, project: 'p',"
        + " location: 'us central1', credentials: '/no/such/key.json'}");

    assertThat(e.problems()).containsExactly(
        "Providers[0] (vertex): \"location\" is not a Google Cloud location such as us-central1 or global: \"us central1\"",
        "Providers[0] (vertex): the Google credentials file /no/such/key.json (from \"credentials\") does not exist");
  }

  @Test
  void aiplatformUrlWithoutAUseListStaysWithTheOpenAiProvider() {
    // Vertex's OpenAI-compatible endpoint is reached this way in existing configs: no host is claimed.
    ProviderConfig pc = CcrConfig.parse("{Providers: [{name: 'g', api_key: 'k', models: ['m'], api_base_url: "
        + "'https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/endpoints/openapi/chat/completions'}],"
        + " Router: {}}").providers().get(0);

    assertThat(Providers.PLUGINS.providerFor(pc).orElseThrow().name()).isEqualTo("openai");
    assertThat(Providers.PLUGINS.provider("vertex-gemini")).isPresent();
    assertThat(Providers.PLUGINS.provider("VERTEX-CLAUDE")).isPresent();
  }
  @Test
  void openAiKindSendsChatCompletionsToTheOpenapiEndpointWithTheModelInTheBody() {
    UpstreamRequest r = prepare("{name: 'vo', transformer: {use: ['vertex-openai']}, models: ['google/gemini-2.5-flash'],"
        + " project: 'my-proj', location: 'us-central1'}", "google/gemini-2.5-flash", true);

    assertThat(r.url()).isEqualTo("https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-central1"
        + "/endpoints/openapi/chat/completions");
    assertThat(r.format()).isEqualTo(UpstreamRequest.OPENAI_CHAT);
    assertThat(r.headers()).containsEntry("Authorization", "Bearer ya29.token-1");
    assertThat(r.body().getString("model")).isEqualTo("google/gemini-2.5-flash");
    assertThat(r.body().getArray("messages").get(0).asObject().getString("content")).isEqualTo("Hello");
  }

  @Test
  void originalsOpenAiConfigWorksUnchangedProjectAndLocationFromItsUrlKeyFromItsOptions() {
    env.clear(); // nothing from the environment: the entry alone must do
    JsonObject key = FakeGoogle.key(google.tokenUri());
    // As a key pasted into a JSON string often is: line breaks written as \n.
    String pem = key.getString("private_key").replace("\n", "\\n");
    String options = Json.write(JsonObject.builder().put("client_email", key.get("client_email")).put("private_key", pem)
        .put("token_uri", key.get("token_uri")).build());

    UpstreamRequest r = prepare("{name: 'vertex', api_base_url: 'https://europe-west4-aiplatform.googleapis.com/v1beta1/"
        + "projects/their-proj/locations/europe-west4/endpoints/openapi/chat/completions', api_key: '',"
        + " models: ['google/gemini-2.5-pro'], transformer: {use: [['vertex-openai', " + options + "]]}}",
        "google/gemini-2.5-pro", false);

    assertThat(r.url()).isEqualTo("https://europe-west4-aiplatform.googleapis.com/v1beta1/projects/their-proj/locations/"
        + "europe-west4/endpoints/openapi/chat/completions");
    assertThat(r.headers()).containsEntry("Authorization", "Bearer ya29.token-1");
    assertThat(google.claims()).singleElement().satisfies(c -> assertThat(c).containsEntry("iss", FakeGoogle.EMAIL));
  }

  @Test
  void unusableKeyInTheOptionsIsAConfigProblemThatNeverShowsTheKey() {
    ConfigException e = problems("{name: 'vertex', models: ['m'], project: 'p', transformer: {use: [['vertex-openai',"
        + " {client_email: 'a@b.iam.gserviceaccount.com', private_key: 'not a key SECRETBITS'}]]}}");

    assertThat(e.problems()).singleElement().asString().contains("\"vertex-openai\" options", "PKCS#8")
        .doesNotContain("SECRETBITS");
  }
}
