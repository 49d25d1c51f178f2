package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bounded soak (not part of the normal test run: {@code mvn -Psoak -pl ccr-server -am verify}):
 * 200 concurrent streams for {@code ccr.soak.seconds} (60) through the proxy, with random client
 * disconnects and random upstream failures. Every request must end in a full answer or a proper
 * error; afterwards heap and threads must come back to their baseline. Figures are printed.
 */
@Tag("soak")
class SoakTest {
  static final String BODY = "{\"model\":\"m\",\"max_tokens\":50,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @Test
  void twoHundredStreamsWithFaults() throws Exception {
    int clients = Integer.getInteger("ccr.soak.clients", 200);
    long seconds = Long.getLong("ccr.soak.seconds", 60);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          int roll = ThreadLocalRandom.current().nextInt(100);
          if (roll < 5) return new MockResponse.Builder().code(500).body("{\"error\":{\"message\":\"flaky\"}}").build();
          StringBuilder sse = new StringBuilder();
          for (int i = 0; i < 20; i++) {
            sse.append("data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"token ").append(i)
                .append(" \"}}]}\n\n");
          }
          if (roll < 10) {
            // Cut mid-stream: the body ends before any finish.
            return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(sse.toString()).build();
          }
          sse.append("data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
              + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":20}}\n\ndata: [DONE]\n\n");
          return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(sse.toString())
              .throttleBody(512, 100, TimeUnit.MILLISECONDS).build();
        }
      });
      upstream.start();
      CcrConfig config = CcrConfig.parse("{RETRY: {attempts: 2, initial_backoff_ms: 5, max_backoff_ms: 10},"
          + " CIRCUIT_BREAKER: {failures: 1000}, Providers: [{name: 'up', api_base_url: '"
          + upstream.url("/v1/chat/completions") + "', models: ['m']}], Router: {default: 'up,m'}}");
      CcrServer server = CcrServer.start(ClaudeCodeRouter.builder().config(config).build(), "127.0.0.1", 0);
      OkHttpClient client = new OkHttpClient.Builder().connectionPool(new ConnectionPool(clients, 1, TimeUnit.MINUTES))
          .readTimeout(Duration.ofSeconds(60)).build();
      String url = "http://127.0.0.1:" + server.port() + "/v1/messages";

      System.gc();
      long heapBefore = memory.getHeapMemoryUsage().getUsed();
      int threadsBefore = Thread.activeCount();
      AtomicInteger full = new AtomicInteger();
      AtomicInteger errors = new AtomicInteger();
      AtomicInteger disconnects = new AtomicInteger();
      AtomicInteger broken = new AtomicInteger();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      List<Thread> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        Thread t = new Thread(() -> {
          while (System.nanoTime() < deadline) {
            boolean leave = ThreadLocalRandom.current().nextInt(100) < 10;
            try (Response r = client.newCall(new Request.Builder().url(url)
                .post(RequestBody.create(BODY, MediaType.get("application/json"))).build()).execute()) {
              if (r.code() != 200) {
                String body = r.body().string();
                if (body.contains("\"type\":\"error\"")) errors.incrementAndGet();
                else broken.incrementAndGet();
                continue;
              }
              if (leave) {
                r.body().source().readUtf8Line();
                disconnects.incrementAndGet();
                continue; // closing the response mid-stream: the client goes away
              }
              String text = r.body().string();
              if (text.endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")) full.incrementAndGet();
              else if (text.substring(text.lastIndexOf("event: ")).startsWith("event: error")) errors.incrementAndGet();
              else broken.incrementAndGet();
            } catch (Exception e) {
              broken.incrementAndGet();
            }
          }
        });
        t.start();
        workers.add(t);
      }
      for (Thread t : workers) t.join();
      client.connectionPool().evictAll();
      client.dispatcher().executorService().shutdown();
      while (upstream.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
        // MockWebServer keeps every request it saw: let it go, so the heap shows ccr's own.
      }

      long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (Thread.activeCount() > threadsBefore + 10 && System.nanoTime() < settle) Thread.sleep(200);
      System.gc();
      Thread.sleep(200);
      System.gc();
      long heapAfter = memory.getHeapMemoryUsage().getUsed();
      int threadsAfter = Thread.activeCount();
      java.util.Map<String, Long> byName = Thread.getAllStackTraces().keySet().stream().collect(
          java.util.stream.Collectors.groupingBy(t -> t.getName().replaceAll("[0-9]+", "#"), java.util.TreeMap::new,
              java.util.stream.Collectors.counting()));
      System.out.println("soak: live threads by name " + byName);
      server.close();
      System.out.printf("soak: %d clients x %d s: %d full answers, %d proper errors, %d client disconnects, %d broken;"
              + " heap %d MB -> %d MB; threads %d -> %d%n", clients, seconds, full.get(), errors.get(), disconnects.get(),
          broken.get(), heapBefore >> 20, heapAfter >> 20, threadsBefore, threadsAfter);

      assertThat(broken.get()).isZero();
      assertThat(full.get()).isPositive();
      assertThat(heapAfter).isLessThan(heapBefore + (64L << 20));
      // MockWebServer's and OkHttp's task-runner threads belong to the test harness and its client,
      // and linger idle for a minute; every other thread, ccr's handlers included, must be gone.
      long others = byName.entrySet().stream()
          .filter(e -> !e.getKey().startsWith("MockWebServer") && !e.getKey().startsWith("OkHttp TaskRunner"))
          .mapToLong(java.util.Map.Entry::getValue).sum();
      assertThat(byName.keySet()).noneMatch(n -> n.startsWith("ccr-handler"));
      assertThat(others).isLessThanOrEqualTo(threadsBefore + 10);
    }
  }
}
