package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ccr.usage.UsageLedger;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The live usage feed on its own, with a short keep-alive given to it rather than set in a static. */
class RequestFeedTest {
  final UsageLedger ledger = new UsageLedger(10, Instant.now());
  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(0);
    ledger.close();
  }

  @Test
  void aSilentFeedWritesKeepAliveCommentsAndTheyFindAClientThatLeft() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/feed", ex -> RequestFeed.serve(ex, ledger, Duration.ofMillis(5)));
    server.start();

    try (Socket socket = new Socket("127.0.0.1", server.getAddress().getPort())) {
      socket.getOutputStream().write("GET /feed HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      int comments = 0;
      for (String line; comments < 3 && (line = in.readLine()) != null; ) {
        if (line.equals(": keep-alive")) comments++;
      }
      assertThat(comments).as("no record came, yet the stream keeps talking").isEqualTo(3);
      assertThat(ledger.feeds()).isEqualTo(1);
    }
    // No record is ever written: only the keep-alive comments can find that the client has gone.
    while (ledger.feeds() > 0) Thread.onSpinWait();
    assertThat(ledger.feeds()).isZero();
  }
}
