package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Stopping the proxy waits for running requests only, never for the drain deadline itself. */
class CcrServerStopTest {
  @Test
  void anIdleServerStopsWithoutWaitingForTheDeadline() throws Exception {
    CcrServer server = ServerEdgeTest.serve("http://127.0.0.1:9/v1/chat/completions");
    int port = server.port();
    OkHttpClient client = new OkHttpClient();
    try (Response r = client.newCall(new Request.Builder().url(server.url() + "/health").build()).execute()) {
      assertThat(r.code()).isEqualTo(200); // and its connection stays open, idle, in the client's pool
    }

    // JDK 17's HttpServer.stop(n) would sit out the whole hour; the test finishing at all shows it is not used so.
    server.stop(Duration.ofHours(1));

    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .as("no longer accepting").isInstanceOf(ConnectException.class);
    client.connectionPool().evictAll();
  }
}
