package dev.ccr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.JsonObject;
import dev.ccr.spi.UpstreamRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Upstream connections outlive the reply: a busy gateway does not dial its provider per request. */
class HttpTransportPoolTest {
  static final int CONCURRENT = 16;

  @Test
  void aSecondWaveOfConcurrentCallsReusesTheFirstWavesConnections() throws Exception {
    try (MockWebServer upstream = new MockWebServer();
        HttpTransport transport = new HttpTransport(HttpTransport.defaultClient(10_000, null), 60_000)) {
      Waves waves = new Waves();
      upstream.setDispatcher(waves);
      upstream.start();
      UpstreamRequest request = new UpstreamRequest(UpstreamRequest.OPENAI_CHAT,
          upstream.url("/v1/chat/completions").toString(), Map.of(), JsonObject.of(), false);
      ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
      try {
        for (int wave = 0; wave < 2; wave++) {
          waves.expect(CONCURRENT); // every call of a wave is in flight at once: each needs its own connection
          List<Future<?>> calls = new ArrayList<>();
          for (int i = 0; i < CONCURRENT; i++) calls.add(pool.submit(() -> transport.send(request, "p", "m")));
          for (Future<?> call : calls) call.get(30, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(waves.connections).hasSize(CONCURRENT); // OkHttp's default pool kept 5 and dialled 11 again
    }
  }

  /** Holds each reply until the whole wave has arrived, and notes which connection each came on. */
  static final class Waves extends Dispatcher {
    final Set<Integer> connections = new TreeSet<>();
    private volatile CountDownLatch arrived;

    void expect(int calls) {
      arrived = new CountDownLatch(calls);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      synchronized (connections) {
        connections.add(request.getConnectionIndex());
      }
      CountDownLatch wave = arrived;
      wave.countDown();
      wave.await(30, TimeUnit.SECONDS); // a safety net: the assertion is on the connections
      return new MockResponse.Builder().setHeader("Content-Type", "application/json").body("{}").build();
    }
  }
}
