package dev.ccr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.Json5;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void secretNamesAreTheIssuesListAndTheHeadersThatCarryAKeyInAnyCase() {
    assertThat(List.of("api_key", "APIKEY", "x-apiKey", "client_secret", "GITHUB_TOKEN", "refresh_token", "Password",
        "private_key_id", "aws_access_key", "Authorization", "Proxy-Authorization", "x-api-key", "api-key",
        "x-goog-api-key", "Cookie", "alertWebhook")).allMatch(Redaction::isSecretName);
    assertThat(List.of("name", "api_base_url", "models", "Router", "transformer", "max_tokens", "tokens", "headers"))
        .noneMatch(Redaction::isSecretName);
  }

  @Test
  void headerValuesAndTheAlertWebhookAreHiddenButReferencesStayVisible() {
    String out = Json.write(Redaction.redact(Json5.parse("{Providers: [{name: 'p', headers: {'X-Custom': 'sk-h1',"
        + " 'X-Ref': '$H_KEY'}}], alertWebhook: 'https://hooks.example/T0/SECRET-PATH'}", "t")));
    assertThat(out).doesNotContain("sk-h1").doesNotContain("SECRET-PATH").contains("$H_KEY");
  }
}
