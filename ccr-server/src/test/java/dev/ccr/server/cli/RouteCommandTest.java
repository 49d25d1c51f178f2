package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ccr route --explain FILE}: the rule or scenario a saved request would take, and why, with nothing sent. */
class RouteCommandTest {
  static final String CONFIG = "{Providers: ["
      + "{name: 'a', api_base_url: 'https://a.invalid/v1/messages', api_key: 'k', models: ['m', 'think-m'], transformer: {use: ['anthropic']}},"
      + "{name: 'local', api_base_url: 'http://127.0.0.1:9/v1/messages', models: ['q'], transformer: {use: ['anthropic']}}],"
      + " Router: {default: 'a,m', think: 'a,think-m'},"
      + " routing: {rules: [{name: 'long', condition: 'context_length > 32000', route: 'a,m'},"
      + " {condition: \"last_user_text contains 'refactor'\", provider: 'local', model: 'q'}]}}";

  @TempDir Path dir;
  Path config;
  final InProcess ccr = new InProcess();

  @BeforeEach
  void writeConfig() throws Exception {
    config = dir.resolve("config.json");
    Files.writeString(config, CONFIG);
  }

  @Test
  void aCapturedRequestThatNoRuleTakesIsExplainedByItsScenario() throws Exception {
    Path request = dir.resolve("capture.json");
    Files.writeString(request, Fixtures.text("fixtures/claude-code/say-hi.json"));

    assertThat(ccr.run("route", "--config", config.toString(), "--explain", request.toString())).as(ccr.err()).isZero();

    assertThat(ccr.out()).contains("route:    a,think-m\n", "scenario: think\n", "why:      thinking is adaptive\n",
        "  rule long: context_length > 32000 (context_length=", ") does not hold\n",
        "  rule routing.rules[1]: last_user_text contains 'refactor' (last_user_text=(6 characters)) does not hold\n",
        "  session_id      'bacb4fbc-1f9b-4f83-813d-44c7fd2e0443'\n", "  has_tools       true\n", "  scenario        'think'\n");
  }

  @Test
  void aBodyARuleTakesNamesTheRule() throws Exception {
    Path request = dir.resolve("body.json");
    Files.writeString(request, Json.write(Fixtures.claudeCodeBody("say-hi")).replace("say hi", "refactor the parser"));

    assertThat(ccr.run("route", "--config", config.toString(), "--explain", request.toString())).as(ccr.err()).isZero();

    assertThat(ccr.out()).contains("route:    local,q\n", "scenario: rule:routing.rules[1]\n",
        "why:      rule routing.rules[1]: last_user_text contains 'refactor' (last_user_text=(19 characters))\n");
  }

  @Test
  void aFileThatIsNoRequestIsAClearUsageError() throws Exception {
    Path notJson = dir.resolve("x.json");
    Files.writeString(notJson, "{nope");

    assertThat(ccr.run("route", "--config", config.toString(), "--explain", notJson.toString())).isEqualTo(2);
    assertThat(ccr.err()).contains(notJson + " is not JSON");
    assertThat(ccr.run("route", "--config", config.toString(), "--explain", dir.resolve("none.json").toString())).isEqualTo(2);
    assertThat(ccr.err()).contains("no file ");
  }

  @Test
  void aConditionThatDoesNotParseIsReportedWithACaretByValidateAndByRoute() throws Exception {
    Files.writeString(config, CONFIG.replace("context_length > 32000", "context_length > 32000 &&"));
    Path request = dir.resolve("capture.json");
    Files.writeString(request, Fixtures.text("fixtures/claude-code/say-hi.json"));

    assertThat(ccr.run("validate", config.toString())).isEqualTo(1);
    assertThat(ccr.err()).contains(config + ": 1 problem\n",
        "  routing.rules[0].condition: expected a fact, a number, a string, true, false or '(', found the end of the condition (column 26)\n"
            + "        context_length > 32000 &&\n"
            + "                                 ^\n");
    assertThat(ccr.run("route", "--config", config.toString(), "--explain", request.toString())).isEqualTo(1);
    assertThat(ccr.err()).contains("routing.rules[0].condition: expected a fact");
  }
}
