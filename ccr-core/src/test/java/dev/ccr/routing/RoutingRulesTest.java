package dev.ccr.routing;

import static dev.ccr.routing.ScenarioRouterTest.base;
import static dev.ccr.routing.ScenarioRouterTest.model;
import static dev.ccr.routing.ScenarioRouterTest.thinking;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.config.CcrConfig;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesRequest;
import dev.ccr.spi.Router;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code routing.rules} on the captured Claude Code requests: where they sit in the order, and how a route names its rule. */
class RoutingRulesTest {
  static final String PROVIDERS = "Providers: ["
      + "{name: 'main', api_base_url: 'https://m.example/v1', models: ['default-m', 'other-m']},"
      + "{name: 'openrouter', api_base_url: 'https://o.example/v1', models: ['anthropic/claude-sonnet-4.5']},"
      + "{name: 'ollama', api_base_url: 'http://localhost:11434/v1', models: ['qwen3-coder']},"
      + "{name: 'cheap', api_base_url: 'https://c.example/v1', models: ['bg-m']}],"
      + " Router: {default: 'main,default-m', background: 'cheap,bg-m'},";
  static final Clock NOON = Clock.fixed(Instant.parse("2026-12-01T12:30:00Z"), ZoneOffset.UTC);

  static CcrConfig config(String rules) {
    return CcrConfig.parse("{" + PROVIDERS + " routing: {rules: [" + rules + "]}}");
  }

  static Route route(CcrConfig config, MessagesRequest request, int tokens) {
    return route(config, request, tokens, NOON, BudgetSource.NONE);
  }

  static Route route(CcrConfig config, MessagesRequest request, int tokens, Clock clock, BudgetSource budget) {
    return new ScenarioRouter(config, List.of(), new SessionMemory(10), clock, budget)
        .route(new RoutingContext(request, "s1", config, r -> tokens, null, "/home/me/shop"));
  }

  static MessagesRequest sayHi() {
    return AnthropicJson.request(thinking(null).apply(base("say-hi")));
  }

  @Test
  void theFirstRuleThatHoldsWinsAndTheRouteNamesIt() {
    CcrConfig config = config(
        "{condition: 'context_length > 32000', route: 'openrouter,anthropic/claude-sonnet-4.5'},"
            + "{name: 'tools-locally', condition: \"has_tools && project contains 'shop'\", provider: 'ollama', model: 'qwen3-coder'}");

    Route big = route(config, sayHi(), 45_000);
    assertThat(big.target()).isEqualTo("openrouter,anthropic/claude-sonnet-4.5");
    assertThat(big.scenario()).isEqualTo("rule:routing.rules[0]");
    assertThat(big.reason()).isEqualTo("rule routing.rules[0]: context_length > 32000 (context_length=45000)");
    assertThat(big.header()).isEqualTo("openrouter,anthropic/claude-sonnet-4.5; scenario=rule:routing.rules[0]");

    Route small = route(config, sayHi(), 1_000);
    assertThat(small.target()).isEqualTo("ollama,qwen3-coder");
    assertThat(small.scenario()).isEqualTo("rule:tools-locally");
    assertThat(small.reason()).contains("has_tools=true", "project='/home/me/shop'");
  }

  @Test
  void noRuleHoldingLeavesTheBuiltInScenarios() {
    CcrConfig config = config("{condition: 'context_length > 32000', route: 'openrouter,anthropic/claude-sonnet-4.5'}");

    assertThat(route(config, sayHi(), 1_000).scenario()).isEqualTo("default");
    assertThat(route(config, AnthropicJson.request(model("claude-haiku-4-5").apply(base("say-hi"))), 1_000).scenario())
        .isEqualTo("background");
  }

  @Test
  void anExplicitProviderAndModelComesBeforeTheRules() {
    CcrConfig config = config("{condition: 'true', route: 'ollama,qwen3-coder'}");

    Route route = route(config, AnthropicJson.request(model("main,other-m").apply(base("say-hi"))), 1);

    assertThat(route.scenario()).isEqualTo("explicit");
    assertThat(route.target()).isEqualTo("main,other-m");
  }

  @Test
  void customRoutersComeBeforeTheRules() {
    CcrConfig config = config("{condition: 'true', route: 'ollama,qwen3-coder'}");
    Router custom = ctx -> Optional.of(Route.of("main", "other-m", "mine", "custom"));
    Route route = new ScenarioRouter(config, List.of(new ScenarioRouter.NamedRouter("mine", custom)), new SessionMemory(1))
        .route(new RoutingContext(sayHi(), "s", config, r -> 1));

    assertThat(route.scenario()).isEqualTo("mine");
  }

  @Test
  void scenarioIsWhatTheBuiltInRulesWouldPick() {
    CcrConfig config = config("{condition: \"scenario == 'background' && has_tools\", route: 'ollama,qwen3-coder'}");
    MessagesRequest haiku = AnthropicJson.request(model("claude-haiku-4-5").apply(base("say-hi")));

    assertThat(route(config, haiku, 1).target()).isEqualTo("ollama,qwen3-coder");
    assertThat(route(config, sayHi(), 1).target()).isEqualTo("main,default-m");
  }

  @Test
  void hourComesFromTheInjectedClockAndBudgetFromItsSeam() {
    CcrConfig config = config("{name: 'night', condition: 'hour >= 22 || hour < 6', route: 'ollama,qwen3-coder'},"
        + "{name: 'spent', condition: 'budget_used >= 90', route: 'cheap,bg-m'}");
    Clock night = Clock.fixed(Instant.parse("2026-12-01T23:10:00Z"), ZoneOffset.UTC);
    Clock nightInTokyo = Clock.fixed(Instant.parse("2026-12-01T23:10:00Z"), java.time.ZoneId.of("Asia/Tokyo"));

    assertThat(route(config, sayHi(), 1, night, BudgetSource.NONE).scenario()).isEqualTo("rule:night");
    assertThat(route(config, sayHi(), 1, nightInTokyo, BudgetSource.NONE).scenario()).as("08:10 there").isEqualTo("default");
    assertThat(route(config, sayHi(), 1, NOON, s -> s.equals("s1") ? 95 : 0).scenario()).isEqualTo("rule:spent");
  }

  @Test
  void aRuleWithItsOwnFallbackCarriesIt() {
    CcrConfig config = config("{condition: 'true', route: 'ollama,qwen3-coder', fallback: ['main,other-m']}");

    assertThat(route(config, sayHi(), 1).fallback()).extracting(Object::toString).containsExactly("main,other-m");
  }

  @Test
  void theTokenCountIsWorkedOutOnlyWhenARuleReadsIt() {
    CcrConfig config = config("{condition: 'thinking && context_length > 5', route: 'ollama,qwen3-coder'}");
    RoutingContext ctx = new RoutingContext(sayHi(), "s", config, r -> 10);

    new ScenarioRouter(config, List.of(), new SessionMemory(1)).route(ctx);

    assertThat(ctx.tokensCounted()).isFalse();
  }

  @Test
  void explainListsTheRulesTriedAndEveryFact() {
    CcrConfig config = config("{condition: 'context_length > 32000', route: 'openrouter,anthropic/claude-sonnet-4.5'},"
        + "{condition: \"last_user_text contains 'hi'\", route: 'ollama,qwen3-coder'}");
    RouteExplanation e = new ScenarioRouter(config, List.of(), new SessionMemory(1), NOON, BudgetSource.NONE)
        .explain(new RoutingContext(sayHi(), "s1", config, r -> 1_000));

    assertThat(e.route().target()).isEqualTo("ollama,qwen3-coder");
    assertThat(e.steps()).containsExactly(
        "rule routing.rules[0]: context_length > 32000 (context_length=1000) does not hold",
        "rule routing.rules[1]: last_user_text contains 'hi' (last_user_text=(6 characters)) holds");
    assertThat(e.facts()).containsEntry("hour", 12.0).containsEntry("scenario", "default")
        .containsEntry("message_count", 2.0).containsEntry("has_tools", true).containsEntry("session_id", "s1")
        .containsKeys(dev.ccr.rules.RequestFacts.types().keySet().toArray(String[]::new));
  }

  @Test
  void aRulesReasonCarriesNeitherTheUsersWordsNorTheSessionId() {
    CcrConfig config = config("{name: 'hi', condition: \"last_user_text contains 'hi' && session_id != ''\", route: 'ollama,qwen3-coder'}");

    Route route = route(config, sayHi(), 1);

    assertThat(route.scenario()).isEqualTo("rule:hi");
    assertThat(route.reason()).isEqualTo(
        "rule hi: last_user_text contains 'hi' && session_id != '' (last_user_text=(6 characters), session_id=(2 characters))");
    assertThat(route.reason()).doesNotContain("say hi", "'s1'");
  }

  @Test
  void requestTextInAReasonHasItsControlCharactersEscaped() {
    CcrConfig config = config("{name: 'shop', condition: \"project contains 'shop'\", route: 'ollama,qwen3-coder'}");

    Route route = new ScenarioRouter(config, List.of(), new SessionMemory(10), NOON, BudgetSource.NONE)
        .route(new RoutingContext(sayHi(), "s1", config, r -> 1, null, "/home/shop\r\n[main] INFO forged"));

    assertThat(route.reason()).contains("project='/home/shop\\r\\n[main] INFO forged'").doesNotContain("\r", "\n");
    assertThat(Route.of("p", "m", "x", "custom\nreason").reason()).isEqualTo("custom\\nreason");
  }
}
