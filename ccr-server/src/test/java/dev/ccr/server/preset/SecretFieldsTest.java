package dev.ccr.server.preset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.Json5;
import dev.ccr.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretFieldsTest {
  static JsonObject tree(String json5) {
    return (JsonObject) Json5.parse(json5, "test");
  }

  @Test
  void everyVariableTheConfigNamesIsDeclaredSoTheInstalledPresetMayReadIt() {
    SecretFields.Extracted x = SecretFields.extract(tree("{Providers: [{name: 'p', api_base_url: '${BASE_URL}/v1/chat/completions',"
        + " api_key: '$P_KEY', models: ['m']}]}"), List.of());
    assertThat(x.inputs()).extracting(PresetInput::id).containsExactlyInAnyOrder("BASE_URL", "P_KEY");
    assertThat(x.inputs()).filteredOn(in -> in.id().equals("BASE_URL")).extracting(PresetInput::secret).containsExactly(false);
  }

  @Test
  void headerValuesAndTheAlertWebhookAreTakenOutWhateverTheHeaderIsCalled() {
    SecretFields.Extracted x = SecretFields.extract(tree("{Providers: [{name: 'corp', api_key: 'sk-0001',"
        + " headers: {Authorization: 'Bearer sk-H1', 'x-api-key': 'sk-H2', 'api-key': 'sk-H3', 'x-goog-api-key': 'sk-H4',"
        + " Cookie: 'session=sk-H5', 'X-Tenant': 'tenant-secret-H6'}}],"
        + " alertWebhook: 'https://hooks.slack.com/services/T000/B000/WEBHOOK-SECRET'}"), List.of());
    String written = Json.write(x.config());
    assertThat(written).doesNotContain("sk-0001", "sk-H1", "sk-H2", "sk-H3", "sk-H4", "sk-H5", "tenant-secret-H6",
        "WEBHOOK-SECRET");
    assertThat(x.values()).containsEntry("CORP_AUTHORIZATION", "Bearer sk-H1").containsEntry("CORP_X_TENANT", "tenant-secret-H6")
        .containsEntry("ALERTWEBHOOK", "https://hooks.slack.com/services/T000/B000/WEBHOOK-SECRET").hasSize(8);
  }

  @Test
  void literalSecretsBecomePlaceholdersNamedForTheirProviderAndAreHandedBack() {
    SecretFields.Extracted x = SecretFields.extract(tree("{Providers: [{name: 'deepseek', api_key: 'sk-1'},"
        + " {name: 'open-router', api_key: 'sk-2', transformer: {use: [['custom', {auth_token: 'tk'}]]}}],"
        + " GITHUB_TOKEN: 'ghp'}"), List.of());

    assertThat(Json.write(x.config())).doesNotContain("sk-1", "sk-2", "\"tk\"", "ghp");
    assertThat(x.config().getArray("Providers").get(0).asObject().getString("api_key")).isEqualTo("${DEEPSEEK_API_KEY}");
    assertThat(x.config().getArray("Providers").get(1).asObject().getString("api_key")).isEqualTo("${OPEN_ROUTER_API_KEY}");
    assertThat(x.values()).containsExactlyInAnyOrderEntriesOf(Map.of("DEEPSEEK_API_KEY", "sk-1", "OPEN_ROUTER_API_KEY", "sk-2",
        "OPEN_ROUTER_AUTH_TOKEN", "tk", "GITHUB_TOKEN", "ghp"));
    assertThat(x.inputs()).extracting(PresetInput::id)
        .containsExactly("DEEPSEEK_API_KEY", "OPEN_ROUTER_API_KEY", "OPEN_ROUTER_AUTH_TOKEN", "GITHUB_TOKEN");
    assertThat(x.inputs()).allMatch(PresetInput::secret).allMatch(PresetInput::required);
    assertThat(x.mappings()).contains((JsonObject) Json.parse(
        "{\"target\":\"Providers[1].transformer.use[0][1].auth_token\",\"value\":\"#{OPEN_ROUTER_AUTH_TOKEN}\"}"));
  }

  @Test
  void referencesStayReferencesAndAreDeclaredSoTheInstallerIsAskedForThem() {
    SecretFields.Extracted x = SecretFields.extract(tree("{Providers: [{name: 'deepseek', api_key: '$DEEPSEEK_API_KEY'},"
        + " {name: 'b', api_key: '${B_KEY}', headers_secret: 'Bearer $B_TOKEN'}]}"), List.of());

    assertThat(x.values()).isEmpty();
    assertThat(x.config()).isEqualTo(tree("{Providers: [{name: 'deepseek', api_key: '$DEEPSEEK_API_KEY'},"
        + " {name: 'b', api_key: '${B_KEY}', headers_secret: 'Bearer $B_TOKEN'}]}"));
    assertThat(x.inputs()).extracting(PresetInput::id).containsExactly("DEEPSEEK_API_KEY", "B_KEY", "B_TOKEN");
    assertThat(x.mappings()).extracting(m -> m.getString("target")).containsExactly("Providers[0].api_key", "Providers[1].api_key");
  }

  @Test
  void numbersAndEmptyTextUnderSecretNamesAreLeftAlone() {
    JsonObject config = tree("{Router: {default: 'a,b'}, transformers: [{max_tokens_cap: 100, token: ''}]}");

    SecretFields.Extracted x = SecretFields.extract(config, List.of());

    assertThat(x.config()).isEqualTo(config);
    assertThat(x.inputs()).isEmpty();
  }

  @Test
  void aKeyPoolGetsOnePlaceholderPerKeyAndNamesNeverCollide() {
    SecretFields.Extracted x = SecretFields.extract(tree("{Providers: [{name: 'p', api_keys: ['k1', 'k2']},"
        + " {name: 'p', api_key: 'k3'}, {name: 'p', api_key: 'k4'}]}"),
        List.of(new PresetInput("P_API_KEY", "password", null, null, null, true, List.of(), null)));

    assertThat(x.values()).containsExactlyInAnyOrderEntriesOf(Map.of("P_API_KEYS_1", "k1", "P_API_KEYS_2", "k2",
        "P_API_KEY_2", "k3", "P_API_KEY_3", "k4"));
    assertThat(x.config().getArray("Providers").get(0).asObject().getArray("api_keys"))
        .isEqualTo(Json.parse("[\"${P_API_KEYS_1}\",\"${P_API_KEYS_2}\"]"));
  }
}
