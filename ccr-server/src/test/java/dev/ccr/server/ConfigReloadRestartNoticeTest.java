package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload that changes HOST or PORT is used, and the log says where ccr still listens and that the new address needs a restart. */
class ConfigReloadRestartNoticeTest {
  static String config(String host, int port) {
    return "{HOST: '" + host + "', PORT: " + port + ", APIKEY: 'k-1', Providers: [{name: 'p',"
        + " api_base_url: 'https://p.example/v1/chat/completions', models: ['a']}], Router: {default: 'p,a'}}";
  }

  record Notice(String line, int boundPort) {}

  /** The notice logged when a server started on 0.0.0.0:19411's config reloads {@code host}:{@code port}. */
  private static Notice noticeAfterReloading(Path dir, String host, int port) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, config("0.0.0.0", 19411));
    try (LogCapture log = LogCapture.of(ConfigWatch.class);
        CcrServer server = CcrServer.start(ConfigReloadTest.load(file), "0.0.0.0", 0)) {
      server.watch(file, ConfigReloadTest.NEVER, ConfigReloadTest::load);

      ConfigReloadTest.write(file, config(host, port));
      assertThat(server.configWatch().poll()).isEqualTo(ConfigWatch.Result.RELOADED);
      return new Notice(assertThat(log.lines()).filteredOn(l -> l.contains("changed")).singleElement().actual(), server.port());
    }
  }

  @Test
  void aChangedPortNamesTheAddressActuallyBoundAndTheNewPortAsNeedingARestart(@TempDir Path dir) throws Exception {
    Notice notice = noticeAfterReloading(dir, "0.0.0.0", 19412);
    assertThat(notice.line())
        .contains("PORT changed in " + dir.resolve("config.json") + " (19411 -> 19412)")
        .contains("ccr keeps listening on 0.0.0.0:" + notice.boundPort())
        .contains("PORT 19412 needs `ccr restart`")
        .doesNotContain("127.0.0.1").doesNotContain("HOST").doesNotContain("k-1");
  }

  @Test
  void aChangedHostNamesTheAddressActuallyBoundAndTheNewHostAsNeedingARestart(@TempDir Path dir) throws Exception {
    Notice notice = noticeAfterReloading(dir, "127.0.0.1", 19411);
    assertThat(notice.line())
        .contains("HOST changed in " + dir.resolve("config.json") + " (0.0.0.0 -> 127.0.0.1)")
        .contains("ccr keeps listening on 0.0.0.0:" + notice.boundPort())
        .contains("HOST 127.0.0.1 needs `ccr restart`")
        .doesNotContain("PORT");
  }
}
