package dev.ccr.server.benchmark;


import dev.ccr.CcrException;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.EventStream;
import dev.ccr.model.MessageAccumulator;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.Usage;
import dev.ccr.routing.Route;
import dev.ccr.usage.PriceTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Sends the same request along each route, one at a time, through a router's configured providers
 * (retries and all, as a real request goes), and sums up each route. Iterations take the routes in
 * turn, so that a provider's slow minute falls on every route alike.
 */
public final class Benchmark {
  /** Told after each request: how many are done of how many. */
  public interface Progress {
    void done(int done, int total);
  }

  private final ClaudeCodeRouter router;
  private final MessagesRequest request;
  private final LongSupplier nanoTime;

  /** {@code request}'s {@code stream} flag says whether each request streams. */
  public Benchmark(ClaudeCodeRouter router, MessagesRequest request, LongSupplier nanoTime) {
    this.router = Objects.requireNonNull(router, "router");
    this.request = Objects.requireNonNull(request, "request");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** Runs {@code iterations} requests on each of {@code targets} ("provider,model"); results in the targets' order. */
  public List<RouteResult> run(List<String> targets, int iterations, Progress progress) {
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    for (String t : targets) {
      if (t.indexOf(',') <= 0) throw new IllegalArgumentException("not a provider,model route: " + t);
      samples.put(t, new ArrayList<>());
    }
    int total = targets.size() * iterations;
    int done = 0;
    for (int i = 0; i < iterations; i++) {
      for (String t : targets) {
        samples.get(t).add(once(t));
        progress.done(++done, total);
      }
    }
    PriceTable prices = PriceTable.forConfig(router.config());
    List<RouteResult> results = new ArrayList<>();
    samples.forEach((t, s) -> results.add(RouteResult.of(t, s, prices)));
    return results;
  }

  private Sample once(String target) {
    int comma = target.indexOf(',');
    Route route = Route.of(target.substring(0, comma), target.substring(comma + 1), "benchmark", "ccr benchmark");
    MessagesRequest req = request.withModel(target);
    long start = nanoTime.getAsLong();
    try {
      if (!req.isStream()) {
        MessagesResponse r = router.send(req, route);
        return sample(target, nanoTime.getAsLong() - start, -1, r.usage(), null);
      }
      long ttft = -1;
      MessageAccumulator acc = new MessageAccumulator();
      try (EventStream<StreamEvent> events = router.stream(req, route)) {
        for (StreamEvent e : events) {
          if (ttft < 0 && e instanceof StreamEvent.ContentBlockDelta) ttft = nanoTime.getAsLong() - start;
          acc.accept(e);
        }
      }
      long latency = nanoTime.getAsLong() - start;
      String error = acc.error() != null ? acc.error().type() + ": " + acc.error().message()
          : acc.isComplete() ? null : "stream ended early";
      return sample(target, latency, ttft, acc.isComplete() ? acc.message().usage() : null, error);
    } catch (CcrException e) {
      return sample(target, nanoTime.getAsLong() - start, -1, null, e.status() + " " + e.errorType() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      return sample(target, nanoTime.getAsLong() - start, -1, null, e.toString());
    }
  }

  private static Sample sample(String target, long latency, long ttft, Usage usage, String error) {
    int in = usage == null ? 0 : usage.inputTotal();
    int out = usage == null || usage.outputTokens() == null ? 0 : usage.outputTokens();
    return new Sample(target, latency, ttft, in, out, error);
  }
}
