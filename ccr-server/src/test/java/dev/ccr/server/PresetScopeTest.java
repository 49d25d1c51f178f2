package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.server.preset.PresetStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /preset/<name>/...}: behind the server's APIKEY first, then one scoped path for every endpoint. */
class PresetScopeTest {
  @TempDir Path home;
  final OkHttpClient http = new OkHttpClient();
  PresetStore store;
  CcrServer server;

  @BeforeEach
  void serve() throws Exception {
    store = new PresetStore(home);
    install("team");
    server = CcrServer.start(PresetRoutersTest.main("server-key"), "127.0.0.1", 0);
    server.watchPresets(store, ConfigReloadTest.NEVER, c -> ClaudeCodeRouter.builder().config(c).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void install(String name) throws Exception {
    Files.createDirectories(store.folder(name));
    ConfigReloadTest.write(store.manifest(name), PresetRoutersTest.manifest("a"));
    store.writeInputs(name, Map.of("P_KEY", "sk-p"));
  }

  private String[] get(String path, String header, String value) throws Exception {
    Request.Builder b = new Request.Builder().url(server.url() + path);
    if (header != null) b.header(header, value);
    try (Response r = http.newCall(b.build()).execute()) {
      return new String[] {String.valueOf(r.code()), r.body().string()};
    }
  }

  @Test
  void withoutTheKeyAnInstalledAndAnUnknownPresetAnswerTheSame401() throws Exception {
    String[] known = get("/preset/team/v1/messages", null, null);
    String[] unknown = get("/preset/nosuch/v1/messages", null, null);
    assertThat(known[0]).isEqualTo("401");
    assertThat(unknown).isEqualTo(known);
    assertThat(get("/preset/nosuch/v1/models", "x-api-key", "server-key")[0]).isEqualTo("404");
  }

  @Test
  void aPresetsUsageApiAndMetricsAnswerAtItsScopedPaths() throws Exception {
    String[] usage = get("/preset/team/api/usage", "x-api-key", "server-key");
    assertThat(usage[0]).as(usage[1]).isEqualTo("200");
    assertThat(get("/preset/team/api/requests", "x-api-key", "server-key")[0]).isEqualTo("200");
    String[] metrics = get("/preset/team/metrics", "x-api-key", "server-key");
    assertThat(metrics[0]).as(metrics[1]).isEqualTo("200");
    assertThat(metrics[1]).contains("# ");
  }

  @Test
  void aPresetsModelListErrorReachesAnOpenAiClientInOpenAisFormat() throws Exception {
    String[] wrongKey = get("/preset/team/v1/models", "Authorization", "Bearer wrong");
    assertThat(wrongKey[0]).isEqualTo("401");
    assertThat(wrongKey[1]).contains("\"error\"").doesNotContain("\"type\":\"error\"");
    String[] list = get("/preset/team/v1/models", "Authorization", "Bearer server-key");
    assertThat(list[0]).isEqualTo("200");
    assertThat(list[1]).contains("\"object\":\"list\"");
  }

  @Test
  void aRequestNeverLooksAtThePresetsFolderTheWatcherDoes() throws Exception {
    install("later");
    assertThat(get("/preset/later/v1/models", "x-api-key", "server-key")[0]).as("not picked up by a request").isEqualTo("404");
    server.presets().poll(server.router()); // what the watcher thread does
    assertThat(get("/preset/later/v1/models", "x-api-key", "server-key")[0]).isEqualTo("200");
  }
}
