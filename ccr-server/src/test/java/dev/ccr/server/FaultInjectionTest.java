package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.testing.FakeClock;
import dev.ccr.testing.RawSseUpstream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upstream and client faults, each with the exact outcome a client of the proxy sees. */
class FaultInjectionTest {
  static final String REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final String STREAM_REQUEST = REQUEST.replace("{\"model\"", "{\"stream\":true,\"model\"");
  static final String OK = "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
      + "\"content\":\"fine\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}";
  static int threadsBefore;

  MockWebServer primary;
  MockWebServer backup;
  CcrServer server;
  final OkHttpClient client = new OkHttpClient.Builder().readTimeout(java.time.Duration.ofSeconds(30)).build();
  /** ccr's client for upstream calls, held here so the test can see its connection pool. */
  final OkHttpClient upstreamClient = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  /** ccr's waits between tries: recorded, and over at once. */
  final FakeClock clock = new FakeClock();

  @BeforeAll
  static void countThreads() {
    threadsBefore = Thread.activeCount();
  }

  @BeforeEach
  void start() throws Exception {
    primary = new MockWebServer();
    primary.start();
    backup = new MockWebServer();
    backup.start();
    server = serve(primary.url("/v1/chat/completions").toString());
  }

  CcrServer serve(String primaryUrl) throws Exception {
    if (server != null) server.close();
    CcrConfig config = CcrConfig.parse("{RETRY: {attempts: 3, initial_backoff_ms: 10, max_backoff_ms: 20, max_retry_after_ms: 2000},"
        + " TIMEOUTS: {first_byte_ms: 1000, idle_ms: 400, request_body_ms: 500}, CIRCUIT_BREAKER: {failures: 100},"
        + " Providers: [{name: 'main', api_base_url: '" + primaryUrl + "', api_keys: ['key-one', 'key-two'], models: ['m']},"
        + " {name: 'spare', api_base_url: '" + backup.url("/v1/chat/completions") + "', api_key: 'spare-key', models: ['s']}],"
        + " Router: {default: 'main,m'}, fallback: {default: ['spare,s']}}");
    return server = CcrServer.start(ClaudeCodeRouter.builder().config(config).httpClient(upstreamClient).clock(clock).build(),
        "127.0.0.1", 0);
  }

  @AfterEach
  void stop() throws Exception {
    // Every exchange is over: no upstream connection may still be in use (a body left open would be).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    okhttp3.ConnectionPool pool = upstreamClient.connectionPool();
    while (pool.connectionCount() != pool.idleConnectionCount() && System.nanoTime() < deadline) Thread.sleep(20);
    assertThat(pool.connectionCount()).as("upstream connections still in use").isEqualTo(pool.idleConnectionCount());
    server.close();
    pool.evictAll();
    primary.close();
    backup.close();
  }

  @AfterAll
  static void noThreadsLeak() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Thread.activeCount() > threadsBefore + 8 && System.nanoTime() < deadline) Thread.sleep(100);
    assertThat(Thread.activeCount()).as("threads after the suite").isLessThanOrEqualTo(threadsBefore + 8);
  }

  Response post(String body) throws Exception {
    return client.newCall(new Request.Builder().url("http://127.0.0.1:" + server.port() + "/v1/messages")
        .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  static JsonObject error(Response r) throws Exception {
    return ((JsonObject) Json.parse(r.body().string())).getObject("error");
  }

  @Test
  void rateLimitedThenOk() throws Exception {
    primary.enqueue(json(429, "{\"error\":{\"message\":\"slow down\"}}"));
    primary.enqueue(json(200, OK));

    try (Response r = post(REQUEST)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains("fine");
    }
    assertThat(primary.getRequestCount()).isEqualTo(2);
    assertThat(primary.takeRequest().getHeaders().get("Authorization")).isNotEqualTo(primary.takeRequest().getHeaders().get("Authorization"));
  }

  @Test
  void retryAfterIsHonouredUpToTheCap() throws Exception {
    primary.enqueue(new MockResponse.Builder(json(429, "{\"error\":{\"message\":\"wait\"}}")).setHeader("Retry-After", "1").build());
    primary.enqueue(json(200, OK));
    try (Response r = post(REQUEST)) {
      assertThat(r.code()).isEqualTo(200);
    }
    // The other key of the pool goes at once; the provider's wait applies to the key it named.
    assertThat(clock.sleeps()).as("no wait before the other key").isEmpty();

    server = serve(primary.url("/v1/chat/completions").toString());
    primary.enqueue(new MockResponse.Builder(json(429, "{\"error\":{\"message\":\"wait\"}}")).setHeader("Retry-After", "600").build());
    primary.enqueue(new MockResponse.Builder(json(429, "{\"error\":{\"message\":\"wait\"}}")).setHeader("Retry-After", "600").build());
    backup.enqueue(json(429, "{\"error\":{\"message\":\"spare is busy too\"}}"));
    backup.enqueue(json(429, "{\"error\":{\"message\":\"spare is busy too\"}}"));
    backup.enqueue(json(429, "{\"error\":{\"message\":\"spare is busy too\"}}"));
    try (Response r = post(REQUEST)) {
      assertThat(r.code()).isEqualTo(429);
      assertThat(error(r).getString("type")).isEqualTo("rate_limit_error");
    }
    assertThat(primary.getRequestCount()).as("600 s is over the cap: no third try of main").isEqualTo(2 + 2);
    assertThat(clock.sleeps()).as("only the spare's own backoff, never the 600 s asked for")
        .isNotEmpty().allMatch(ms -> ms <= 20);
  }

  @Test
  void serverErrorsExhaustRetriesThenFallBack() throws Exception {
    for (int i = 0; i < 3; i++) primary.enqueue(json(500, "{\"error\":{\"message\":\"boom\"}}"));
    backup.enqueue(json(200, OK.replace("fine", "from the spare")));

    try (Response r = post(REQUEST)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains("from the spare");
    }
    assertThat(primary.getRequestCount()).isEqualTo(3);
    assertThat(((JsonObject) Json.parse(backup.takeRequest().getBody().utf8())).getString("model")).isEqualTo("s");
  }

  @Test
  void overloadedEverywhereIs529() throws Exception {
    for (int i = 0; i < 3; i++) primary.enqueue(json(529, "{\"error\":{\"message\":\"overloaded\"}}"));
    for (int i = 0; i < 3; i++) backup.enqueue(json(529, "{\"error\":{\"message\":\"overloaded\"}}"));

    try (Response r = post(REQUEST)) {
      assertThat(r.code()).isEqualTo(529);
      JsonObject e = error(r);
      assertThat(e.getString("type")).isEqualTo("overloaded_error");
      assertThat(e.getString("message")).isEqualTo("spare,s answered HTTP 529: overloaded");
    }
  }

  @Test
  void aRoutedRequestThatFailedLogsItsRoute() throws Exception {
    CompletableFuture<String> line = new CompletableFuture<>();
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(ApiHandler.class.getName());
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        if (r.getMessage().contains(" route=")) line.complete(r.getMessage()); // formatted by slf4j already
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(handler);
    try {
      primary.enqueue(json(400, "{\"error\":{\"message\":\"bad\"}}"));
      backup.enqueue(json(400, "{\"error\":{\"message\":\"bad\"}}"));
      try (Response r = post(REQUEST)) {
        assertThat(r.code()).isEqualTo(400);
      }
      // The line is written once the response is out: wait for it, at most a while.
      assertThat(line.get(10, TimeUnit.SECONDS)).contains("POST /v1/messages 400 route=main,m ");
    } finally {
      log.removeHandler(handler);
    }
  }

  @Test
  void aRefusedKeyRestsAndTheNextKeyIsUsed() throws Exception {
    primary.enqueue(json(401, "{\"error\":{\"message\":\"invalid key\"}}"));
    primary.enqueue(json(200, OK));
    primary.enqueue(json(200, OK));

    try (Response r = post(REQUEST)) {
      assertThat(r.code()).isEqualTo(200);
    }
    try (Response r = post(REQUEST)) {
      assertThat(r.code()).isEqualTo(200);
    }
    String bad = primary.takeRequest().getHeaders().get("Authorization");
    assertThat(primary.takeRequest().getHeaders().get("Authorization")).isNotEqualTo(bad);
    assertThat(primary.takeRequest().getHeaders().get("Authorization")).as("the refused key rests").isNotEqualTo(bad);
  }

  @Test
  void connectionRefusedFallsBackAndThenSaysWhy() throws Exception {
    primary.close();
    backup.enqueue(json(200, OK.replace("fine", "spare answered")));
    try (Response r = post(REQUEST)) {
      assertThat(r.body().string()).contains("spare answered");
    }
    backup.close();
    try (Response r = post(REQUEST)) {
      assertThat(r.code()).isEqualTo(502);
      assertThat(error(r).getString("message")).contains("cannot reach spare at");
    }
  }

  @Test
  void connectionResetBeforeHeadersIsRetried() throws Exception {
    primary.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    primary.enqueue(json(200, OK));

    try (Response r = post(REQUEST)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains("fine");
    }
  }

  @Test
  void resetMidStreamEndsWithAnErrorEvent() throws Exception {
    try (RawSseUpstream raw = RawSseUpstream.start(c -> {
      for (int i = 0; i < 3; i++) c.send(chunk("tok" + i));
      c.reset(); // RST, not FIN
      return true;
    })) {
      serve(raw.url("/v1/chat/completions"));
      try (Response r = post(STREAM_REQUEST)) {
        String body = r.body().string();
        assertThat(body).contains("tok0", "tok2").endsWith("\n\n");
        assertThat(body.substring(body.lastIndexOf("event: "))).startsWith("event: error");
      }
      assertThat(raw.result().get(10, TimeUnit.SECONDS)).isEqualTo(true);
    }
  }

  @Test
  void malformedSseLineEndsWithAnErrorEvent() throws Exception {
    primary.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
        .body("data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\n"
            + "data: {\"id\": broken\n\n").build());

    try (Response r = post(STREAM_REQUEST)) {
      String body = r.body().string();
      assertThat(body).contains("\"text\":\"ok\"");
      assertThat(body.substring(body.lastIndexOf("event: "))).startsWith("event: error").contains("not JSON");
    }
  }

  @Test
  void truncatedJsonBodyIsA502() throws Exception {
    for (int i = 0; i < 3; i++) primary.enqueue(json(200, OK.substring(0, 40)));
    for (int i = 0; i < 3; i++) backup.enqueue(json(200, OK.substring(0, 40)));

    try (Response r = post(REQUEST)) {
      assertThat(r.code()).isEqualTo(502);
      assertThat(error(r).getString("message")).contains("not JSON");
    }
  }

  @Test
  void nonJsonErrorBodyIsQuoted() throws Exception {
    primary.enqueue(new MockResponse.Builder().code(403).setHeader("Content-Type", "text/html")
        .body("<html><body>Forbidden by the gateway</body></html>").build());
    primary.enqueue(new MockResponse.Builder().code(403).body("Forbidden by the gateway").build());
    backup.enqueue(new MockResponse.Builder().code(403).body("Forbidden by the gateway").build());

    try (Response r = post(REQUEST)) {
      assertThat(r.code()).isEqualTo(403);
      JsonObject e = error(r);
      assertThat(e.getString("type")).isEqualTo("permission_error");
      assertThat(e.getString("message")).contains("Forbidden by the gateway");
    }
  }

  @Test
  void anUpstreamThatNeverAnswersTimesOut() throws Exception {
    for (int i = 0; i < 3; i++) {
      primary.enqueue(new MockResponse.Builder(json(200, OK)).headersDelay(5, TimeUnit.SECONDS).build());
      backup.enqueue(new MockResponse.Builder(json(200, OK)).headersDelay(5, TimeUnit.SECONDS).build());
    }

    try (Response r = post(REQUEST)) {
      assertThat(r.code()).isEqualTo(504);
      JsonObject e = error(r);
      assertThat(e.getString("type")).isEqualTo("timeout_error");
      assertThat(e.getString("message")).contains("timed out");
    }
  }

  @Test
  void anUpstreamThatStallsMidStreamEndsWithAnErrorEvent() throws Exception {
    // The upstream goes silent until ccr hangs up: only ccr's idle timeout can end this stream.
    try (RawSseUpstream raw = RawSseUpstream.start(c -> {
      for (int i = 0; i < 2; i++) c.send(chunk("tok" + i));
      return c.stallUntilClientLeaves();
    })) {
      serve(raw.url("/v1/chat/completions"));
      try (Response r = post(STREAM_REQUEST)) {
        String body = r.body().string();
        assertThat(body).contains("tok1");
        assertThat(body.substring(body.lastIndexOf("event: "))).startsWith("event: error").contains("timed out");
      }
      assertThat(raw.result().get(30, TimeUnit.SECONDS)).as("ccr hung up on the silent upstream").isEqualTo(true);
    }
  }

  @Test
  void aClientThatTricklesItsBodyIsCutOff() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"mo")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      int read; // a connection left hanging fails the read with a timeout after 10 s
      try {
        read = s.getInputStream().read();
        while (read >= 0) read = s.getInputStream().read(); // whatever comes, the connection then ends
      } catch (java.net.SocketException reset) {
        read = -1;
      }
      assertThat(read).as("cut off, not left hanging").isEqualTo(-1);
    }
    assertThat(primary.getRequestCount()).isZero();
  }

  @Test
  void deeplyNestedJsonIsRefused() throws Exception {
    String deep = "{\"model\":\"m\",\"messages\":[],\"metadata\":" + "[".repeat(300) + "]".repeat(300) + "}";
    try (Response r = post(deep)) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(error(r).getString("type")).isEqualTo("invalid_request_error");
    }
    assertThat(primary.getRequestCount()).isZero();
  }

  @Test
  void anUnknownProviderInTheRouteIs404() throws Exception {
    try (Response r = post(REQUEST.replace("claude-sonnet-4-5", "ghost,x"))) {
      assertThat(r.code()).isEqualTo(404);
      assertThat(error(r).getString("message")).contains("\"ghost\", which is not configured");
    }
  }

  /** One OpenAI stream chunk carrying {@code text}. */
  static String chunk(String text) {
    return "data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}\n\n";
  }
}
