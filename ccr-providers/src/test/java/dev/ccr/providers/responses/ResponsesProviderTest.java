package dev.ccr.providers.responses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.providers.openai.OpenAiApiProvider;
import dev.ccr.providers.presets.PresetProviders;
import dev.ccr.providers.testing.Providers;
import dev.ccr.spi.Provider;
import dev.ccr.spi.UpstreamRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a config entry comes to the Responses provider, and where it sends requests. */
class ResponsesProviderTest {
  static final String REQUEST = "{\"model\":\"x\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @Test
  void theOriginalsConfigWorksUnchanged() {
    String entry = "{\"name\":\"openai\",\"api_base_url\":\"https://api.openai.com/v1/responses\",\"api_key\":\"sk-live\","
        + "\"models\":[\"gpt-5-codex\"],\"transformer\":{\"use\":[\"openai-responses\"]}}";

    UpstreamRequest r = Providers.prepare(entry, "gpt-5-codex", REQUEST);

    assertThat(Providers.provider(entry)).isInstanceOf(ResponsesProvider.class);
    assertThat(r.format()).isEqualTo("openai-responses");
    assertThat(r.url()).isEqualTo("https://api.openai.com/v1/responses");
    assertThat(r.headers()).containsEntry("Authorization", "Bearer sk-live");
    assertThat(r.body().getString("model")).isEqualTo("gpt-5-codex");
  }

  @ParameterizedTest(name = "{0} at {1}")
  @CsvSource({
      "openai, https://api.openai.com/v1/responses", // the name alone would pick the Chat Completions provider
      "gpt, https://api.openai.com/v1/responses", // the host alone would pick the openai-api preset
      "azure, https://my.openai.azure.com/openai/v1/responses/",
      "local, http://localhost:8000/v1/responses"})
  void aUrlEndingInResponsesIsEnough(String name, String url) {
    String entry = "{name: '" + name + "', api_base_url: '" + url + "', api_key: 'k', models: ['m']}";
    CcrConfig config = CcrConfig.parse("{Providers: [" + entry + "], Router: {default: '" + name + ",m'}}");

    assertThat(Providers.PLUGINS.providerFor(config.providers().get(0)).map(Provider.Factory::name)).contains("openai-responses");
    assertThat(ClaudeCodeRouter.check(config)).as("validation agrees").isEmpty();
    assertThat(Providers.provider(entry)).isInstanceOf(ResponsesProvider.class);
    assertThat(Providers.prepare(entry, "m", REQUEST).url()).isEqualTo(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
  }

  @Test
  void theSameHostsChatCompletionsUrlStaysWithThePreset() {
    Provider p = Providers.provider("{name: 'gpt', api_base_url: 'https://api.openai.com/v1/chat/completions', api_key: 'k', models: ['m']}");

    assertThat(p).isNotInstanceOf(ResponsesProvider.class);
    assertThat(p.getClass().getEnclosingClass()).isEqualTo(PresetProviders.class);
  }

  @Test
  void namingItWithoutAUrlUsesOpenAisEndpoint() {
    String entry = "{name: 'codex', api_key: 'k', models: ['gpt-5-codex'], transformer: {use: ['openai-responses']}}";
    CcrConfig config = CcrConfig.parse("{Providers: [" + entry + "], Router: {default: 'codex,gpt-5-codex'}}");

    assertThat(ClaudeCodeRouter.check(config)).isEmpty();
    assertThat(Providers.prepare(entry, "gpt-5-codex", REQUEST).url()).isEqualTo("https://api.openai.com/v1/responses");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "https://gateway.example.com/v1, https://gateway.example.com/v1/responses",
      "https://gateway.example.com/v1/, https://gateway.example.com/v1/responses",
      "http://localhost:8080, http://localhost:8080/v1/responses",
      "https://x.example.com/openai/v1/responses, https://x.example.com/openai/v1/responses",
      "https://x.example.com/openai/v1/responses/, https://x.example.com/openai/v1/responses"})
  void aBaseUrlGetsTheResponsesPath(String base, String expected) {
    assertThat(OpenAiApiProvider.endpointUrl(base, "/responses")).isEqualTo(expected);
  }

  @Test
  void theKeyNeverShowsInTheRequestsDescription() {
    UpstreamRequest r = Providers.prepare("{name: 'p', api_base_url: 'https://h/v1/responses', api_key: 'sk-secret-123',"
        + " models: ['m']}", "m", REQUEST);

    assertThat(r.toString()).doesNotContain("sk-secret-123");
    assertThat(Map.copyOf(r.headers())).containsKey("Authorization");
  }
}
