package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.testing.PluginJar;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A transformer from a jar named in config.json, used by name in a provider's chain, through a real server. */
class PluginJarEndToEndTest {
  @TempDir Path dir;

  static final String CHAT_REPLY = "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}";

  @Test
  void aPluginTransformerIsUsableByNameAndGetsTheEntrysOptionsUnderItsOwn() throws Exception {
    Path jar = PluginJar.headerTransformer("e2e", "stamp").writeTo(dir.resolve("stamp.jar"));
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      upstream.enqueue(new MockResponse.Builder().body(CHAT_REPLY).build());
      upstream.enqueue(new MockResponse.Builder().body(CHAT_REPLY).build());
      String config = "{transformers: [{path: '" + jar + "', options: {value: 'entry', extra: 'kept'}}],"
          + " Providers: [{name: 'a', api_base_url: '" + upstream.url("/v1/chat/completions") + "', models: ['m', 'm2'],"
          + "   transformer: {use: ['stamp'], m2: {use: [['stamp', {value: 'own'}]]}}}],"
          + " Router: {default: 'a,m'}}";
      assertThat(ClaudeCodeRouter.check(CcrConfig.parse(config))).isEmpty();
      try (CcrServer server = CcrServer.start(ClaudeCodeRouter.fromConfigString(config), "127.0.0.1", 0)) {
        assertThat(post(server, "claude-sonnet-4-5").code()).isEqualTo(200);
        assertThat(upstream.takeRequest().getHeaders().get("X-Plugin")).isEqualTo("entry+kept");
        assertThat(post(server, "a,m2").code()).isEqualTo(200);
        assertThat(upstream.takeRequest().getHeaders().get("X-Plugin")).as("a use's own options win key by key")
            .isEqualTo("own+kept");
      }
    }
  }

  @Test
  void aBrokenJarStopsStartUpAndCheckReportsItWithTheOtherProblems() {
    String config = "{transformers: [{path: '/nowhere/x.jar'}, {path: '/opt/t.js'}],"
        + " Providers: [{name: 'a', api_base_url: 'https://a.example/v1/chat/completions', models: ['m'],"
        + "   transformer: {use: ['nosuchthing']}}], Router: {default: 'a,m'}}";

    assertThatThrownBy(() -> ClaudeCodeRouter.fromConfigString(config)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("transformers[0] (/nowhere/x.jar): no jar at /nowhere/x.jar");
    assertThat(ClaudeCodeRouter.check(CcrConfig.parse(config))).satisfiesExactly(
        p -> assertThat(p).contains("no jar at /nowhere/x.jar"),
        p -> assertThat(p).contains("transformers[1] (/opt/t.js) is a JavaScript transformer"),
        p -> assertThat(p).contains("unknown transformer \"nosuchthing\""));
  }

  private static Response post(CcrServer server, String model) throws Exception {
    Request request = new Request.Builder().url("http://127.0.0.1:" + server.port() + "/v1/messages")
        .post(RequestBody.create("{\"model\":\"" + model + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]}", MediaType.get("application/json"))).build();
    try (Response r = new OkHttpClient().newCall(request).execute()) {
      return r;
    }
  }

  @Test
  void oneBadEntryDoesNotMakeAGoodJarsTransformerUnknown() throws Exception {
    Path jar = PluginJar.headerTransformer("e2e2", "stamp2").writeTo(dir.resolve("stamp2.jar"));
    String config = "{transformers: [{path: '" + jar + "'}, {path: '/opt/t.js'}],"
        + " Providers: [{name: 'a', api_base_url: 'https://a.example/v1/chat/completions', models: ['m'],"
        + "   transformer: {use: ['stamp2']}}], Router: {default: 'a,m'}}";

    assertThat(ClaudeCodeRouter.check(CcrConfig.parse(config))).singleElement().asString()
        .contains("transformers[1] (/opt/t.js) is a JavaScript transformer");
  }

  @Test
  void aProviderFactoryFromAJarCarriesTheRequestsOfTheEntriesThatUseIt() throws Exception {
    Path listed = PluginJar.anthropicProvider("e2ep", "jarprov").writeTo(dir.resolve("listed.jar"));
    Path named = PluginJar.anthropicProvider("e2ep2", "namedprov").withoutServices().writeTo(dir.resolve("named.jar"));
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      upstream.enqueue(new MockResponse.Builder().body(UpstreamReplies.ANTHROPIC).build());
      upstream.enqueue(new MockResponse.Builder().body(UpstreamReplies.ANTHROPIC).build());
      String config = "{transformers: [{path: '" + listed + "'}, {path: '" + named + "#e2ep2.JarProviderFactory'}],"
          + " Providers: [{name: 'mine', api_base_url: '" + upstream.url("/v1/messages") + "', models: ['m'],"
          + "   transformer: {use: ['jarprov']}},"
          + "  {name: 'other', api_base_url: '" + upstream.url("/other/v1/messages") + "', models: ['o'],"
          + "   transformer: {use: ['namedprov']}}],"
          + " Router: {default: 'mine,m'}}";
      assertThat(ClaudeCodeRouter.check(CcrConfig.parse(config))).isEmpty();
      try (CcrServer server = CcrServer.start(ClaudeCodeRouter.fromConfigString(config), "127.0.0.1", 0)) {
        assertThat(post(server, "claude-sonnet-4-5").code()).isEqualTo(200);
        mockwebserver3.RecordedRequest first = upstream.takeRequest();
        assertThat(first.getHeaders().get("X-Jar-Provider")).isEqualTo("jarprov");
        assertThat(first.getUrl().encodedPath()).isEqualTo("/v1/messages");
        assertThat(first.getBody().utf8()).contains("\"model\":\"m\"");

        assertThat(post(server, "other,o").code()).isEqualTo(200);
        assertThat(upstream.takeRequest().getHeaders().get("X-Jar-Provider")).isEqualTo("namedprov");
      }
    }
  }
}
