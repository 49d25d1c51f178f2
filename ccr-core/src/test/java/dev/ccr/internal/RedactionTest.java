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

  @Test
  void urlPasswordsAndKeyQueryValuesAreMaskedButReferencesAndPlainUrlsStay() {
    assertThat(Redaction.url("redis://:pw-1@redis:6379/0")).isEqualTo("redis://:<redacted>@redis:6379/0");
    assertThat(Redaction.url("https://user:pw-2@h/x")).isEqualTo("https://user:<redacted>@h/x");
    assertThat(Redaction.url("https://tok-3@h/x")).isEqualTo("https://<redacted>@h/x");
    assertThat(Redaction.url("https://h/v1?key=k-4&alt=sse&access_token=t-5"))
        .isEqualTo("https://h/v1?key=<redacted>&alt=sse&access_token=<redacted>");
    assertThat(Redaction.url("redis://:$REDIS_PW@redis:6379")).isEqualTo("redis://:$REDIS_PW@redis:6379");
    assertThat(Redaction.url("https://api.example/v1/chat/completions?model=x")).isEqualTo("https://api.example/v1/chat/completions?model=x");
    assertThat(Redaction.url("no url here, key=1")).isEqualTo("no url here, key=1");
  }

  @Test
  void eachKeyOfAListGetsItsOwnStableTokenAndClientKeyNamesAreTokens() {
    String out = Json.write(Redaction.redact(Json5.parse("{Providers: [{name: 'p', api_keys: ['k-one', 'k-two', '$K3']}],"
        + " RATE_LIMITS: {keys: {'client-1': {requests_per_minute: 1}, '$TEAM': {requests_per_minute: 2}}}}", "t")));
    assertThat(out).doesNotContain("k-one").doesNotContain("k-two").doesNotContain("client-1")
        .contains(Redaction.token("k-one")).contains(Redaction.token("k-two")).contains(Redaction.token("client-1"))
        .contains("$K3").contains("$TEAM");
    assertThat(Redaction.token("k-one")).isNotEqualTo(Redaction.token("k-two")).matches("<redacted:[0-9a-f]{12}>");
  }
}
