package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.models.ModelInfo;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.models.Model;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/models} answers each official SDK in its own API's shape, behind an APIKEY. */
class ModelListTest {
  CcrServer server;

  @BeforeEach
  void start() throws Exception {
    CcrConfig config = CcrConfig.parse("{APIKEY: 'ccr-key', Providers: ["
        + "{name: 'deepseek', api_base_url: 'http://127.0.0.1:9/v1/chat/completions', api_key: 'k', models: ['deepseek-chat', 'deepseek-reasoner']},"
        + "{name: 'codex', api_base_url: 'http://127.0.0.1:9/v1/responses', api_key: 'k', models: ['gpt-5-codex']}],"
        + " Router: {default: 'deepseek,deepseek-chat'}}");
    server = CcrServer.start(ClaudeCodeRouter.builder().config(config).build(), "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** What {@code call} gets from an OpenAI SDK client at {@code baseUrl} with {@code key}, closed afterwards. */
  private <T> T openAi(String baseUrl, String key, java.util.function.Function<OpenAIClient, T> call) {
    OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(key).maxRetries(0).build();
    try {
      return call.apply(sdk);
    } finally {
      sdk.close();
    }
  }

  private String base() {
    return "http://127.0.0.1:" + server.port();
  }

  @Test
  void openAiSdkListsEveryProviderModelAsOpenAiModels() {
    List<Model> models = openAi(base() + "/v1", "ccr-key", sdk -> sdk.models().list().data());

    assertThat(models).extracting(Model::id).containsExactly("deepseek,deepseek-chat", "deepseek,deepseek-reasoner",
        "codex,gpt-5-codex");
    assertThat(models).extracting(Model::ownedBy).containsExactly("deepseek", "deepseek", "codex");
  }

  @Test
  void openAiSdkWithoutV1InItsBaseUrlListsThemToo() {
    List<Model> models = openAi(base(), "ccr-key", sdk -> sdk.models().list().data());

    assertThat(models).extracting(Model::id).contains("codex,gpt-5-codex");
  }

  @Test
  void openAiSdkWithAWrongKeyGetsAnOpenAiError() {
    assertThatThrownBy(() -> openAi(base() + "/v1", "not-the-key", sdk -> sdk.models().list()))
        .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.code()).contains("invalid_api_key"));
  }

  @Test
  void anthropicSdkListsEveryProviderModelAsAnthropicModels() {
    AnthropicClient sdk = AnthropicOkHttpClient.builder().baseUrl(base()).apiKey("ccr-key")
        .maxRetries(0).build();
    try {
      var page = sdk.models().list();

      assertThat(page.data()).extracting(ModelInfo::id).containsExactly("deepseek,deepseek-chat",
          "deepseek,deepseek-reasoner", "codex,gpt-5-codex");
      assertThat(page.data()).extracting(ModelInfo::displayName).contains("codex gpt-5-codex");
      assertThat(page.hasNextPage()).isFalse();
    } finally {
      sdk.close();
    }
  }

  @Test
  void anthropicSdkWithABearerTokenStillGetsAnthropicModels() {
    // authToken sends Authorization: Bearer, as Claude Code does with ANTHROPIC_AUTH_TOKEN; anthropic-version tells it apart.
    AnthropicClient sdk = AnthropicOkHttpClient.builder().baseUrl(base()).authToken("ccr-key").maxRetries(0).build();
    try {
      // display_name is in Anthropic's shape only: the SDK throws when it is missing.
      assertThat(sdk.models().list().data()).extracting(ModelInfo::displayName).contains("codex gpt-5-codex");
    } finally {
      sdk.close();
    }
  }

  @Test
  void anAnthropicClientWithABearerTokenKeepsAnthropicsShape() throws Exception {
    // Claude Code with ANTHROPIC_AUTH_TOKEN sends Bearer, and always anthropic-version.
    JsonObject body = get(new Request.Builder().header("Authorization", "Bearer ccr-key")
        .header("anthropic-version", "2023-06-01"));

    assertThat(body.getBoolean("has_more")).isFalse();
    assertThat(body.getString("first_id")).isEqualTo("deepseek,deepseek-chat");
    assertThat(body.has("object")).isFalse();
  }

  @Test
  void aBareBearerRequestGetsOpenAisShapeAndAnXApiKeyOneAnthropics() throws Exception {
    JsonObject openAi = get(new Request.Builder().header("Authorization", "Bearer ccr-key"));
    JsonObject anthropic = get(new Request.Builder().header("x-api-key", "ccr-key"));

    assertThat(openAi).isEqualTo(Json.parse("{\"object\":\"list\",\"data\":["
        + "{\"id\":\"deepseek,deepseek-chat\",\"object\":\"model\",\"created\":0,\"owned_by\":\"deepseek\"},"
        + "{\"id\":\"deepseek,deepseek-reasoner\",\"object\":\"model\",\"created\":0,\"owned_by\":\"deepseek\"},"
        + "{\"id\":\"codex,gpt-5-codex\",\"object\":\"model\",\"created\":0,\"owned_by\":\"codex\"}]}"));
    assertThat(anthropic.getArray("data").get(2).asObject().getString("type")).isEqualTo("model");
    assertThat(anthropic.getString("last_id")).isEqualTo("codex,gpt-5-codex");
  }

  private JsonObject get(Request.Builder request) throws Exception {
    try (Response r = new OkHttpClient().newCall(request.url(base() + "/v1/models").build())
        .execute()) {
      assertThat(r.code()).isEqualTo(200);
      return (JsonObject) Json.parse(r.body().string());
    }
  }
}
