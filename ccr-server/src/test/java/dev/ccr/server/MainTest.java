package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.config.CcrConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void theBackgroundServerRecordsItsClassDataArchiveOnceThenUsesIt(@TempDir Path dir) throws Exception {
    Path jsa = dir.resolve("ccr.jsa");
    assertThat(Daemon.classDataFlags(null)).isEmpty();
    assertThat(Daemon.classDataFlags(jsa.toString())).contains("-XX:ArchiveClassesAtExit=" + jsa);
    Files.write(jsa, new byte[] {1});
    assertThat(Daemon.classDataFlags(jsa.toString())).contains("-XX:SharedArchiveFile=" + jsa, "-Xshare:auto")
        .noneMatch(f -> f.startsWith("-XX:ArchiveClassesAtExit"));
  }

  @Test
  void sampleConfigIsValidAndListensOnTheDefaultAddress() {
    CcrConfig sample = CcrConfig.parse(Main.sampleConfig(), name -> null);

    assertThat(sample.host()).isEqualTo("127.0.0.1");
    assertThat(sample.port()).isEqualTo(3456);
    assertThat(sample.router().defaultTarget()).isNotNull();
  }

  @Test
  void validatePrintsEveryProblemAndNoStackTrace(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{Providers: [{name: 'a', api_base_url: 'nope', models: ['m']}],"
        + " Router: {default: 'b,m', think: 'a'}}");

    assertThat(run("validate", file.toString())).isEqualTo(1);

    assertThat(err.toString()).contains("Providers[0].api_base_url is not a URL", "Router.default names provider \"b\"",
        "Router.think must be \"provider,model\"").doesNotContain("Exception", "\tat ");
  }

  @Test
  void validateChecksTransformerNames(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{Providers: [{name: 'a', api_base_url: 'https://a.example/v1/messages', models: ['m'],"
        + " transformer: {use: ['anthropc']}}], Router: {default: 'a,m'}}");

    assertThat(run("validate", file.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("unknown transformer \"anthropc\" (did you mean \"anthropic\"?)");
  }

  @Test
  void startWithABrokenConfigSaysWhyWithoutAStackTrace(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{Providers: [}");

    assertThat(run("start", "--config", file.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("config.json:1:14: unexpected character '}'").doesNotContain("\tat ");
  }

  @Test
  void unknownCommandPrintsHelpAndFails() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown command \"frobnicate\"", "Usage: ccr");
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("ccr ");
  }
}
