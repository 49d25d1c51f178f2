package dev.ccr.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.server.Admission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** examples/deploy, which the README tells users to run: its config passes every start-up check. */
class DeployExampleTest {
  static final Path DEPLOY = Path.of("..", "examples", "deploy");

  @Test
  void theComposeFilesConfigPassesStartUpChecksAndNamesOnlyFilesThatExist() throws Exception {
    Map<String, String> env = Map.of("CCR_APIKEY", "proxy-key", "DEEPSEEK_API_KEY", "sk-x", "REDIS_PASSWORD", "pw");
    CcrConfig config = CcrConfig.load(DEPLOY.resolve("config.json"), env::get);
    List<String> problems = new ArrayList<>(ClaudeCodeRouter.check(config));
    problems.addAll(StateStores.check(config));
    problems.addAll(Admission.check(config));

    assertThat(problems).isEmpty();
    assertThat(config.warnings()).isEmpty();
    assertThat(config.resolved().getObject("STATE").getString("password")).isEqualTo("pw");
    String compose = Files.readString(DEPLOY.resolve("compose.yaml"));
    assertThat(compose).contains("./config.json:", "./nginx.conf:", "ccr-server/target/ccr-server.jar");
    assertThat(DEPLOY.resolve("nginx.conf")).exists();
    assertThat(Files.readString(DEPLOY.resolve("nginx.conf"))).contains("server ccr-1:3456", "server ccr-2:3456",
        "proxy_buffering off");
  }
}
