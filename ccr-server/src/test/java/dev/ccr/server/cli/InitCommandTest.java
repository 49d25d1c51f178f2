package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.config.CcrConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ccr init}: a commented starter config that passes the start-up checks, never over a user's own. */
class InitCommandTest {
  @TempDir Path dir;
  final InProcess ccr = new InProcess();

  @Test
  void writesACommentedStarterWithVariableReferencesThatPassesTheStartUpChecks() throws Exception {
    Path file = dir.resolve("sub/config.json");

    assertThat(ccr.run("init", "--config", file.toString())).as(ccr.err()).isZero();

    String written = Files.readString(file);
    assertThat(written).contains("//", "\"$DEEPSEEK_API_KEY\"", "\"$ANTHROPIC_API_KEY\"");
    CcrConfig config = CcrConfig.load(file, Map.of("DEEPSEEK_API_KEY", "sk-d", "ANTHROPIC_API_KEY", "sk-a")::get);
    assertThat(ConfigFiles.problems(config)).isEmpty();
    assertThat(config.providers()).hasSize(2);
    assertThat(ccr.out()).contains("Wrote " + file, "ccr validate", "ccr code");
  }

  @Test
  void anExistingFileIsKeptUnlessForced() throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{mine: true}");

    assertThat(ccr.run("init", "--config", file.toString())).isEqualTo(1);
    assertThat(ccr.err()).contains("exists", "--force");
    assertThat(Files.readString(file)).isEqualTo("{mine: true}");

    assertThat(ccr.run("init", "--config", file.toString(), "--force")).isZero();
    assertThat(Files.readString(file)).contains("$DEEPSEEK_API_KEY");
    assertThat(Files.readString(dir.resolve("config.json.bak"))).isEqualTo("{mine: true}");
  }
}
