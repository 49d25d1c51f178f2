package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that never serve clients ({@code model}, {@code route}) do not refuse a config whose
 * {@code APIKEY} names a variable unset in their shell: that is {@code ccr start}'s to check.
 */
class ReadOnlyCommandsTest {
  static final String UNSET = "CCR_TEST_NEVER_SET_7f3a";
  static final String CONFIG = "{APIKEY: '$" + UNSET + "', Providers: [{name: 'a', api_base_url:"
      + " 'https://a.invalid/v1/messages', api_key: 'k', models: ['m', 'n'], transformer: {use: ['anthropic']}}],"
      + " Router: {default: 'a,m'}}";

  @TempDir Path dir;
  final InProcess ccr = new InProcess();

  @Test
  void modelAndRouteReadAConfigWhoseApiKeyVariableIsUnsetAndValidateStillRefusesIt() throws Exception {
    assertThat(System.getenv(UNSET)).isNull();
    Path config = dir.resolve("config.json");
    Files.writeString(config, CONFIG);
    Path request = dir.resolve("capture.json");
    Files.writeString(request, Fixtures.text("fixtures/claude-code/say-hi.json"));

    assertThat(ccr.run("model", "--config", config.toString())).as(ccr.err()).isZero();
    assertThat(ccr.run("route", "--config", config.toString(), "--explain", request.toString())).as(ccr.err()).isZero();
    assertThat(ccr.run("model", "--config", config.toString(), "set", "think", "a,n")).as(ccr.err()).isZero();
    assertThat(Files.readString(config)).contains("\"think\": \"a,n\"", "$" + UNSET).doesNotContain("(unset");

    assertThat(ccr.run("validate", config.toString())).isEqualTo(1);
    assertThat(ccr.err()).contains("APIKEY names $" + UNSET);
  }
}
