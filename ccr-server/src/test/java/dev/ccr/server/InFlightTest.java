package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Draining waits for exactly the exchanges that run, over a real JDK HTTP server. */
class InFlightTest {
  final InFlight inFlight = new InFlight();
  final CountDownLatch entered = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  final ExecutorService pool = Executors.newCachedThreadPool();
  HttpServer server;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(pool);
    server.createContext("/", inFlight.wrap(ex -> {
      entered.countDown();
      try {
        release.await(); // an exchange that runs until the test lets it end
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] done = "done".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, done.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(done);
      }
    }));
    server.start();
  }

  @AfterEach
  void close() {
    release.countDown();
    server.stop(0);
    pool.shutdownNow();
  }

  record Answer(int status, String body) {}

  private Answer get() throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")
        .toURL().openConnection();
    int status = c.getResponseCode();
    try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
      return new Answer(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void withNothingRunningADrainDoesNotWaitForItsDeadline() throws Exception {
    // An hour's deadline: the test finishing at all shows the drain did not wait on it.
    assertThat(inFlight.drain(Duration.ofHours(1))).isTrue();
  }

  @Test
  void aDrainWaitsForTheRunningExchangeAndRefusesNewOnes() throws Exception {
    CompletableFuture<Answer> running = CompletableFuture.supplyAsync(() -> {
      try {
        return get();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }, pool);
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(inFlight.running()).isEqualTo(1);

    CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
      try {
        return inFlight.drain(Duration.ofSeconds(Long.MAX_VALUE)); // too long for nanoseconds: must not overflow
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, pool);
    for (int i = 0; i < 3000 && !inFlight.draining(); i++) Thread.sleep(10);
    assertThat(inFlight.draining()).isTrue();

    Answer refused = get();
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.body()).contains("\"overloaded_error\"", "ccr is stopping");
    assertThat(inFlight.running()).as("the refused exchange is not counted").isEqualTo(1);

    release.countDown();
    assertThat(running.get(30, TimeUnit.SECONDS)).isEqualTo(new Answer(200, "done"));
    assertThat(drained.get(30, TimeUnit.SECONDS)).as("every exchange ended before the deadline").isTrue();
    assertThat(inFlight.running()).isZero();
  }

  @Test
  void aDrainGivesUpAtItsDeadline() throws Exception {
    CompletableFuture.runAsync(() -> {
      try {
        get();
      } catch (IOException ignored) {
        // the server is stopped under it at the end
      }
    }, pool);
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(inFlight.drain(Duration.ZERO)).isFalse();
    assertThat(inFlight.running()).isEqualTo(1);
  }
}
