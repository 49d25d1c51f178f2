package dev.ccr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesRequest;
import dev.ccr.routing.RouteExplanation;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.testing.AnthropicShapedProvider;
import dev.ccr.testing.FakeClock;
import dev.ccr.usage.UsageLedger;
import dev.ccr.usage.UsageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ccr route --explain}'s answer: what {@link ClaudeCodeRouter#route} would serve, guards applied. */
class ClaudeCodeRouterExplainTest {
  final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T10:00:00Z"));
  final UsageLedger ledger = new UsageLedger(100, clock.now());
  @TempDir Path home;
  ClaudeCodeRouter router;

  @AfterEach
  void stop() {
    if (router != null) router.close();
    ledger.close();
  }

  ClaudeCodeRouter router(String budget) throws Exception {
    return router = ClaudeCodeRouter.builder()
        .config(CcrConfig.parse("{Providers: ["
            + "{name: 'main', api_base_url: 'https://m.example/v1', models: ['m'], transformer: {use: ['fake']}},"
            + "{name: 'cheap', api_base_url: 'https://c.example/v1', models: ['c'], transformer: {use: ['fake']}}],"
            + " Router: {default: 'main,m'}, budgetControl: " + budget + "}"))
        .projectHomes(Files.createDirectories(home.resolve("ccr")), Files.createDirectories(home.resolve("claude")))
        .clock(clock).usage(ledger)
        .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
        .tokenCounter(r -> 10).build();
  }

  static MessagesRequest hi() {
    return AnthropicJson.request(Json.parse(
        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").asObject());
  }

  void spend(double cost) throws InterruptedException {
    ledger.record(new UsageRecord("r", clock.now(), "s1", "default", "", "main", "m", 200, 1, 10, 10, 0, 0, 500, 1000, 10,
        null, cost));
    ledger.flush();
  }

  @Test
  void explainShowsTheBudgetsFallbackThatRouteServes() throws Exception {
    router("{monthlyLimit: 5, autoFallback: {enabled: true, fallbackProvider: 'cheap,c'}}");
    assertThat(router.explain(hi(), null).route().target()).isEqualTo("main,m");

    spend(5);
    RouteExplanation e = router.explain(hi(), null);

    assertThat(e.route().target()).isEqualTo(router.route(hi(), null).target()).isEqualTo("cheap,c");
    assertThat(e.route().reason()).startsWith("budget: the monthly budget of 5.0 is spent");
    assertThat(e.steps()).anySatisfy(s -> assertThat(s).startsWith("decided main,m (default: no other rule matched)")
        .endsWith("the guards serve cheap,c instead"));
  }

  @Test
  void explainSaysWhenTheBudgetRefusesTheRequest() throws Exception {
    router("{dailyLimit: 1}");
    spend(2);

    RouteExplanation e = router.explain(hi(), null);

    assertThat(e.route()).isNull();
    assertThat(e.error()).contains("ccr refuses requests: the daily budget of 1.0 is spent");
    assertThat(e.steps()).anySatisfy(s -> assertThat(s).endsWith("the guards refuse it"));
  }
}
