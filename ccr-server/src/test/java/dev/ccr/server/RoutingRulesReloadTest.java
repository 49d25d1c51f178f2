package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing rules reload with the config; a condition that does not parse keeps the running config, as any config problem does. */
class RoutingRulesReloadTest {
  static String config(String condition) {
    return "{Providers: [{name: 'p', api_base_url: 'https://p.example/v1/chat/completions', models: ['a', 'b']}],"
        + " Router: {default: 'p,a'}, routing: {rules: [{condition: " + dev.ccr.json.JsonString.of(condition).toJson()
        + ", route: 'p,b'}]}}";
  }

  static String routeOf(CcrServer server, String text) {
    return server.router().route(MessagesRequest.builder().model("x").addMessage(Message.user(text)).build()).scenario();
  }

  @Test
  void aNewRuleIsUsedAfterAReloadAndABrokenOneKeepsTheOld(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, config("last_user_text contains 'deploy'"));
    try (CcrServer server = CcrServer.start(ConfigReloadTest.load(file), "127.0.0.1", 0)) {
      server.watch(file, ConfigReloadTest.NEVER, ConfigReloadTest::load);
      assertThat(routeOf(server, "deploy it")).isEqualTo("rule:routing.rules[0]");
      assertThat(routeOf(server, "test it")).isEqualTo("default");

      ConfigReloadTest.write(file, config("last_user_text contains 'test'"));
      assertThat(server.configWatch().poll()).isEqualTo(ConfigWatch.Result.RELOADED);
      assertThat(routeOf(server, "test it")).isEqualTo("rule:routing.rules[0]");

      ConfigReloadTest.write(file, config("last_user_text contains"));
      assertThat(server.configWatch().poll()).isEqualTo(ConfigWatch.Result.KEPT_OLD);
      assertThat(routeOf(server, "test it")).as("the running rules stay").isEqualTo("rule:routing.rules[0]");
    }
  }
}
