package dev.ccr.server.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same request along each route, against upstreams that answer after set delays. */
class BenchmarkTest {
  static final int ITERATIONS = 4;
  final MockWebServer fast = new MockWebServer();
  final MockWebServer slow = new MockWebServer();
  final MockWebServer broken = new MockWebServer();
  ClaudeCodeRouter router;

  static String openAi(int completionTokens) {
    return "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":" + completionTokens + "}}";
  }

  static final String OPENAI_STREAM =
      "data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\n"
          + "data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":7}}\n\n"
          + "data: [DONE]\n\n";

  @BeforeEach
  void start() throws Exception {
    fast.start();
    slow.start();
    broken.start();
    router = ClaudeCodeRouter.builder().config(CcrConfig.parse("{RETRY: {attempts: 1}, Providers: ["
        + "{name: 'fast', api_base_url: '" + fast.url("/v1/chat/completions") + "', api_key: 'k', models: ['f1']},"
        + "{name: 'slow', api_base_url: '" + slow.url("/v1/chat/completions") + "', api_key: 'k', models: ['s1']},"
        + "{name: 'broken', api_base_url: '" + broken.url("/v1/chat/completions") + "', api_key: 'k', models: ['b1']}],"
        + "Router: {default: 'fast,f1'}, Prices: {'fast,f1': {input: 1, output: 2}}}")).build();
  }

  @AfterEach
  void stop() {
    router.close();
    fast.close();
    slow.close();
    broken.close();
  }

  private static MessagesRequest request(boolean stream) {
    return MessagesRequest.builder().model("x").maxTokens(64).addMessage(Message.user("same prompt")).stream(stream).build();
  }

  @Test
  void eachRouteGetsTheSameRequestAndTheSlowUpstreamShowsSlowerAndTheBrokenOneAsErrors() throws Exception {
    for (int i = 0; i < ITERATIONS; i++) {
      fast.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(openAi(20)).build());
      slow.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(openAi(20))
          .headersDelay(300, TimeUnit.MILLISECONDS).build());
      broken.enqueue(new MockResponse.Builder().code(500).body("{\"error\":{\"message\":\"down\"}}").build());
    }
    List<String> progress = new ArrayList<>();

    List<RouteResult> results = new Benchmark(router, request(false), System::nanoTime)
        .run(List.of("slow,s1", "fast,f1", "broken,b1"), ITERATIONS, (done, total) -> progress.add(done + "/" + total));

    assertThat(results).extracting(RouteResult::target).containsExactly("slow,s1", "fast,f1", "broken,b1");
    RouteResult s = results.get(0);
    RouteResult f = results.get(1);
    RouteResult b = results.get(2);
    assertThat(s.latencyP50Ms()).isGreaterThan(f.latencyP50Ms()).isGreaterThanOrEqualTo(300.0);
    assertThat(s.latencyP95Ms()).isGreaterThanOrEqualTo(s.latencyP50Ms());
    assertThat(f.errors()).isZero();
    assertThat(f.costPerRequest()).isCloseTo((3 * 1 + 20 * 2) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(s.costPerRequest()).as("no prices for slow").isNull();
    assertThat(b.requests()).isEqualTo(ITERATIONS);
    assertThat(b.errors()).isEqualTo(ITERATIONS);
    assertThat(b.latencyP50Ms()).isNull();
    assertThat(b.firstError()).contains("500");
    assertThat(progress).hasSize(3 * ITERATIONS).first().isEqualTo("1/12");
    assertThat(progress).last().isEqualTo("12/12");
    for (MockWebServer upstream : List.of(fast, slow)) {
      assertThat(upstream.getRequestCount()).isEqualTo(ITERATIONS);
      RecordedRequest r = upstream.takeRequest();
      assertThat(r.getBody().utf8()).contains("same prompt").contains(upstream == fast ? "\"f1\"" : "\"s1\"");
    }
    assertThat(Report.table(results)).contains("broken,b1: 4 failed; first: ");
  }

  @Test
  void aTargetThatIsNotProviderCommaModelIsRefusedBeforeAnythingIsSent() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Benchmark(router, request(false), System::nanoTime)
        .run(List.of("fast,f1", "f1"), 1, (done, total) -> { })).hasMessage("not a provider,model route: f1");
    assertThat(fast.getRequestCount()).isZero();
  }

  @Test
  void streamingMeasuresTimeToFirstTokenWhichALateUpstreamPushesBack() throws Exception {
    for (int i = 0; i < ITERATIONS; i++) {
      fast.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(OPENAI_STREAM).build());
      slow.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(OPENAI_STREAM)
          .headersDelay(300, TimeUnit.MILLISECONDS).build());
    }

    List<RouteResult> results = new Benchmark(router, request(true), System::nanoTime)
        .run(List.of("fast,f1", "slow,s1"), ITERATIONS, (done, total) -> { });

    RouteResult f = results.get(0);
    RouteResult s = results.get(1);
    assertThat(f.errors()).isZero();
    assertThat(s.errors()).isZero();
    assertThat(s.ttftP50Ms()).isGreaterThan(f.ttftP50Ms()).isGreaterThanOrEqualTo(300.0);
    assertThat(f.ttftP50Ms()).isLessThanOrEqualTo(f.latencyP95Ms());
    assertThat(fast.takeRequest(Duration.ofSeconds(1).toMillis(), TimeUnit.MILLISECONDS).getBody().utf8()).contains("\"stream\":true");
  }
}
