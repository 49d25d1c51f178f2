package dev.ccr.server.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json5;
import dev.ccr.usage.PriceTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a route's samples add up. */
class RouteResultTest {
  static final long MS = 1_000_000;

  @Test
  void percentilesAreNearestRankOverSuccessfulRequests() {
    List<Sample> samples = List.of(new Sample("p,m", 100 * MS, -1, 10, 50, null), new Sample("p,m", 300 * MS, -1, 10, 50, null),
        new Sample("p,m", 200 * MS, -1, 10, 50, null), new Sample("p,m", 5 * MS, -1, 0, 0, "500 api_error: down"));

    RouteResult r = RouteResult.of("p,m", samples, PriceTable.of(Json5.parse("{'p,m': {input: 2, output: 10}}", "t").asObject()));

    assertThat(r.requests()).isEqualTo(4);
    assertThat(r.errors()).isEqualTo(1);
    assertThat(r.latencyP50Ms()).isEqualTo(200.0);
    assertThat(r.latencyP95Ms()).isEqualTo(300.0);
    assertThat(r.ttftP50Ms()).isNull();
    assertThat(r.outputTokensPerSecond()).isEqualTo(150 / 0.6);
    assertThat(r.costPerRequest()).isEqualTo((10 * 2 + 50 * 10) / 1e6);
    assertThat(r.firstError()).isEqualTo("500 api_error: down");
  }

  @Test
  void aStreamsSpeedCountsOnlyTheTimeAfterItsFirstToken() {
    RouteResult r = RouteResult.of("p,m", List.of(new Sample("p,m", 1500 * MS, 500 * MS, 1, 100, null)),
        PriceTable.builtIn());

    assertThat(r.ttftP50Ms()).isEqualTo(500.0);
    assertThat(r.outputTokensPerSecond()).isEqualTo(100.0);
    assertThat(r.costPerRequest()).isNull();
  }

  @Test
  void routesAreReadStrictlyPairByPairSoAMisspeltProviderIsAnError() {
    Map<String, List<String>> providers = Map.of("deepseek", List.of("deepseek-chat"), "openrouter", List.of());

    assertThat(Targets.parse("deepseek,deepseek-chat,openrouter,moonshotai/kimi-k2", providers))
        .containsExactly("deepseek,deepseek-chat", "openrouter,moonshotai/kimi-k2");
    // Read as a model name before, the misspelt provider reached the upstream inside "model".
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Targets.parse("deepseek,deepseek-chat,bogus,x", providers))
        .hasMessageContaining("\"bogus\" is not a configured provider");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Targets.parse("nope,m", providers))
        .hasMessageContaining("\"nope\" is not a configured provider");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Targets.parse("deepseek", providers))
        .hasMessageContaining("has no model");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Targets.parse("deepseek,", providers))
        .hasMessageContaining("empty model");
  }

  @Test
  void aModelTheProviderDoesNotListIsAWarning() {
    Map<String, List<String>> providers = Map.of("deepseek", List.of("deepseek-chat"), "openrouter", List.of());

    assertThat(Targets.unlisted(List.of("deepseek,deepseek-chat", "deepseek,nosuch", "openrouter,any"), providers))
        .containsExactly("deepseek,nosuch: provider deepseek does not list model nosuch (it lists deepseek-chat)");
  }

  @Test
  void theJsonReportHasOneEntryPerRouteWithNullForWhatIsUnknown() {
    RouteResult r = new RouteResult("p,m", 2, 2, null, null, null, null, null, "401 authentication_error: bad key");

    assertThat(Report.json(List.of(r), 2, true)).isEqualTo("{\"iterations\":2,\"stream\":true,\"routes\":[{\"route\":\"p,m\","
        + "\"requests\":2,\"errors\":2,\"latency_p50_ms\":null,\"latency_p95_ms\":null,\"ttft_p50_ms\":null,"
        + "\"output_tokens_per_second\":null,\"cost_per_request\":null,\"first_error\":\"401 authentication_error: bad key\"}]}");
    assertThat(Report.table(List.of(r)).lines().findFirst().orElseThrow())
        .isEqualTo("route  requests  errors  p50 ms  p95 ms  TTFT p50 ms  out tok/s  cost/req");
  }

  @Test
  void theProgressBarRedrawsInPlaceAndClearsItselfAtTheEnd() {
    java.io.StringWriter out = new java.io.StringWriter();
    ProgressBar bar = new ProgressBar(new java.io.PrintWriter(out));

    bar.done(1, 4);
    assertThat(out.toString()).isEqualTo("\r[#######-----------------------] 1/4");
    bar.done(4, 4);
    assertThat(out.toString()).endsWith("\r" + " ".repeat(36) + "\r");
  }
}
