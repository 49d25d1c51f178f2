package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.CcrException;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.server.preset.PresetStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Presets reload like the main config: a change is picked up, a broken edit keeps the old, a deleted one is a 404. */
class PresetRoutersTest {
  @TempDir Path home;

  static String manifest(String defaultModel) {
    return "{name: 'team', version: '1.0.0', Providers: [{name: 'p', api_base_url: 'https://p.example/v1/chat/completions',"
        + " api_key: '${P_KEY}', models: ['a', 'b']}], Router: {default: 'p," + defaultModel + "'},"
        + " schema: [{id: 'P_KEY', type: 'password'}]}";
  }

  static ClaudeCodeRouter main(String apiKey) {
    return ClaudeCodeRouter.builder().config(CcrConfig.parse("{" + (apiKey == null ? "" : "APIKEY: '" + apiKey + "', ")
        + "Providers: [{name: 'm', api_base_url: 'https://m.example/v1/chat/completions', api_key: 'k', models: ['x']}],"
        + " Router: {default: 'm,x'}}", n -> null)).build();
  }

  static String routeOf(CcrServer server, String name) {
    ClaudeCodeRouter r = server.presets().scope("/preset/" + name + "/v1/messages", server.router()).router();
    return r.route(MessagesRequest.builder().model("x").addMessage(Message.user("hi")).build()).target();
  }

  @Test
  void aChangedPresetIsPickedUpABrokenEditKeepsTheOldAndADeletedOneIsA404() throws Exception {
    PresetStore store = new PresetStore(home);
    Files.createDirectories(store.folder("team"));
    ConfigReloadTest.write(store.manifest("team"), manifest("a"));
    store.writeInputs("team", Map.of("P_KEY", "sk-p"));
    try (CcrServer server = CcrServer.start(main(null), "127.0.0.1", 0)) {
      server.watchPresets(store, ConfigReloadTest.NEVER, c -> ClaudeCodeRouter.builder().config(c).build());
      assertThat(server.presets().names()).containsExactly("team");
      assertThat(routeOf(server, "team")).isEqualTo("p,a");
      assertThat(server.presets().scope("/v1/messages", server.router()).router()).isSameAs(server.router());

      ConfigReloadTest.write(store.manifest("team"), manifest("b"));
      server.presets().poll(server.router());
      assertThat(routeOf(server, "team")).isEqualTo("p,b");

      ConfigReloadTest.write(store.manifest("team"), manifest("b").replace("https://p.example", "not a url"));
      server.presets().poll(server.router());
      assertThat(routeOf(server, "team")).as("the broken edit is not used").isEqualTo("p,b");

      store.delete("team");
      server.presets().poll(server.router());
      assertThatThrownBy(() -> routeOf(server, "team")).isInstanceOfSatisfying(CcrException.class,
          e -> assertThat(e.status()).isEqualTo(404));
      try (Response r = new OkHttpClient().newCall(new Request.Builder().url(server.url() + "/preset/team/v1/messages")
          .post(RequestBody.create("{}", MediaType.get("application/json"))).build()).execute()) {
        assertThat(r.code()).isEqualTo(404);
        JsonObject error = (JsonObject) Json.parse(r.body().string());
        assertThat(error.getObject("error").getString("type")).isEqualTo("not_found_error");
      }
    }
  }

  @Test
  void aPresetReadsItsInputsFromTheInputsFileAndPicksUpANewValue() throws Exception {
    PresetStore store = new PresetStore(home);
    Files.createDirectories(store.folder("team"));
    ConfigReloadTest.write(store.manifest("team"), manifest("a"));
    try (CcrServer server = CcrServer.start(main(null), "127.0.0.1", 0)) {
      server.watchPresets(store, ConfigReloadTest.NEVER, c -> ClaudeCodeRouter.builder().config(c).build());
      assertThat(providerKey(server)).as("as in config.json, an unset key is never sent as its $VAR text").isNull();

      store.writeInputs("team", Map.of("P_KEY", "sk-p"));
      server.presets().poll(server.router());
      assertThat(providerKey(server)).isEqualTo("sk-p");
    }
  }

  @Test
  void aPresetTheOriginalInstalledServesWithTheValuesItKeptInTheManifest() throws Exception {
    PresetStore store = new PresetStore(home);
    Files.createDirectories(store.folder("orig"));
    ConfigReloadTest.write(store.manifest("orig"), "{name: 'orig', version: '1.0.0', Providers: [{name: 'p',"
        + " api_base_url: 'https://p.example/v1/chat/completions', api_key: '#{apiKey}', models: ['a']}],"
        + " Router: {default: 'p,a'}, schema: [{id: 'apiKey'}], userValues: {apiKey: 'sk-original'}}");
    try (CcrServer server = CcrServer.start(main(null), "127.0.0.1", 0)) {
      server.watchPresets(store, ConfigReloadTest.NEVER, c -> ClaudeCodeRouter.builder().config(c).build());

      assertThat(server.presets().scope("/preset/orig/v1/messages", server.router()).router().config().provider("p")
          .orElseThrow().apiKey()).isEqualTo("sk-original");
    }
  }

  private static String providerKey(CcrServer server) {
    return server.presets().scope("/preset/team/v1/messages", server.router()).router().config().provider("p")
        .orElseThrow().apiKey();
  }

  @Test
  void aPresetKeepsTheServersApiKeyEvenWhenTheMainConfigChangesIt() throws Exception {
    PresetStore store = new PresetStore(home);
    Files.createDirectories(store.folder("team"));
    ConfigReloadTest.write(store.manifest("team"), manifest("a").replace("{name:", "{APIKEY: 'the-presets-own', name:"));
    store.writeInputs("team", Map.of("P_KEY", "sk-p"));
    try (CcrServer server = CcrServer.start(main("first"), "127.0.0.1", 0)) {
      server.watchPresets(store, ConfigReloadTest.NEVER, c -> ClaudeCodeRouter.builder().config(c).build());
      assertThat(server.presets().scope("/preset/team/v1/messages", server.router()).router().config().apiKey())
          .isEqualTo("first");

      server.replace(main("second"));
      PresetRouters.Scope scope = server.presets().scope("/preset/team/v1/messages", server.router());
      assertThat(scope.router().config().apiKey()).isEqualTo("second");
      assertThat(scope.path()).isEqualTo("/v1/messages");
    }
  }
}
