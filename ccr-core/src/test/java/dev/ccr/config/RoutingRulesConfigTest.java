package dev.ccr.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code routing} section as config.json holds it: both rule shapes, and problems with their path and a caret. */
class RoutingRulesConfigTest {
  static final String PROVIDERS = "Providers: ["
      + "{name: 'openrouter', api_base_url: 'https://o.example/v1', models: ['anthropic/claude-sonnet-4.5']},"
      + "{name: 'ollama', api_base_url: 'http://localhost:11434/v1', models: ['qwen3-coder']}],"
      + " Router: {default: 'openrouter,anthropic/claude-sonnet-4.5'},";

  @Test
  void bothRuleShapesRead() {
    CcrConfig config = CcrConfig.parse("{" + PROVIDERS + " routing: {rules: ["
        + "{condition: 'context_length > 32000', route: 'OpenRouter,anthropic/claude-sonnet-4.5'},"
        + "{name: 'bg', condition: \"scenario == 'background' && has_tools\", provider: 'ollama', model: 'qwen3-coder'}]}}");

    List<RoutingRule> rules = config.routingRules();
    assertThat(rules).hasSize(2);
    assertThat(rules.get(0).target().toString()).isEqualTo("openrouter,anthropic/claude-sonnet-4.5");
    assertThat(rules.get(0).label()).isEqualTo("routing.rules[0]");
    assertThat(rules.get(1).label()).isEqualTo("bg");
    assertThat(rules.get(1).condition().canonical()).isEqualTo("((scenario == 'background') && has_tools)");
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void noRoutingSectionMeansNoRules() {
    assertThat(CcrConfig.parse("{" + PROVIDERS + "}").routingRules()).isEmpty();
  }

  @Test
  void aConditionThatDoesNotParseIsAConfigErrorWithItsPathAndACaret() {
    assertThatThrownBy(() -> CcrConfig.parse("{" + PROVIDERS + " routing: {rules: ["
        + "{condition: 'true', route: 'ollama,qwen3-coder'},"
        + "{condition: 'context_length >> 5', route: 'ollama,qwen3-coder'}]}}"))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.problems()).hasSize(1);
          List<String> lines = e.problems().get(0).lines().toList();
          assertThat(lines.get(0)).isEqualTo("routing.rules[1].condition: expected a fact, a number, a string, true, "
              + "false or '(', found '>' (column 17)");
          assertThat(lines.get(1)).isEqualTo("      context_length >> 5");
          assertThat(lines.get(2)).isEqualTo("                      ^");
        });
  }

  @Test
  void everyRuleProblemIsReportedAtOnce() {
    assertThatThrownBy(() -> CcrConfig.parse("{" + PROVIDERS + " routing: {rules: ["
        + "{condition: 'contxt_length > 5', route: 'ollama,qwen3-coder'},"
        + "{condition: 'true', route: 'nowhere,x'},"
        + "{condition: 'true'},"
        + "{route: 'ollama,qwen3-coder'},"
        + "{condition: 'true', route: 'ollama,qwen3-coder', provider: 'ollama'},"
        + "{condition: 'true', provider: 'ollama'},"
        + "'context_length > 5']}}"))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).satisfiesExactly(
            p -> assertThat(p).startsWith("routing.rules[0].condition: unknown fact \"contxt_length\" (did you mean context_length?)"),
            p -> assertThat(p).startsWith("routing.rules[1].route names provider \"nowhere\", which is not configured"),
            p -> assertThat(p).isEqualTo("routing.rules[2] needs \"route\": \"provider,model\" (or \"provider\" and \"model\")"),
            p -> assertThat(p).startsWith("routing.rules[3].condition is missing"),
            p -> assertThat(p).startsWith("routing.rules[4] gives both \"route\" and \"provider\"/\"model\""),
            p -> assertThat(p).isEqualTo("routing.rules[5] needs both \"provider\" and \"model\" as strings"),
            p -> assertThat(p).startsWith("routing.rules[6] must be an object")));
  }

  @Test
  void aWrongShapeIsNamed() {
    assertThatThrownBy(() -> CcrConfig.parse("{" + PROVIDERS + " routing: {rules: {condition: 'true'}}}"))
        .hasMessageContaining("routing.rules must be a list");
    assertThatThrownBy(() -> CcrConfig.parse("{" + PROVIDERS + " routing: ['x']}"))
        .hasMessageContaining("routing must be an object");
  }

  @Test
  void anUnknownRuleKeyIsAWarningAndTheRoutingSectionSurvivesAWrite() {
    CcrConfig config = CcrConfig.parse("{" + PROVIDERS + " routing: {rules: ["
        + "{condition: 'true', route: 'ollama,qwen3-coder', when: 'x'}], future: 1}}");

    assertThat(config.warnings()).singleElement().asString().startsWith("routing.rules[0].when is not a rule setting");
    CcrConfig written = config.withRoute("think", "ollama,qwen3-coder", name -> null);
    assertThat(written.toJson()).contains("\"condition\": \"true\"", "\"future\": 1");
    assertThat(written.routingRules()).hasSize(1);
  }

  @Test
  void checkReportsRuleProblemsWithTheOthers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{" + PROVIDERS.replace("Router: {default: 'openrouter,anthropic/claude-sonnet-4.5'}",
        "Router: {default: 'ghost,x'}") + " routing: {rules: [{condition: 'has_tools &&', route: 'ollama,qwen3-coder'}]}}");

    CcrConfig.Checked checked = CcrConfig.check(file, name -> null);

    assertThat(checked.problems()).hasSize(2);
    assertThat(checked.problems().get(0)).startsWith("Router.default names provider \"ghost\"");
    assertThat(checked.problems().get(1)).startsWith("routing.rules[0].condition: expected a fact").contains("^");
  }

  @Test
  void aScenarioValueThatNeverOccursIsAWarningWithASuggestion() {
    CcrConfig config = CcrConfig.parse("{" + PROVIDERS + " routing: {rules: ["
        + "{condition: \"scenario == 'backgroud' || scenario in ['think', 'image'] || !(scenario != 'default')\", route: 'ollama,qwen3-coder'}]}}");

    assertThat(config.warnings()).containsExactly(
        "routing.rules[0].condition compares scenario with 'backgroud', which it never is (did you mean \"background\"?); "
            + "the scenarios are longContext, subagent, background, webSearch, think, default",
        "routing.rules[0].condition compares scenario with 'image', which it never is; "
            + "the scenarios are longContext, subagent, background, webSearch, think, default");
  }
}
