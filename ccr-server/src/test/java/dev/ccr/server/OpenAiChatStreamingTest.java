package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.testing.RawSseUpstream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Streams of /v1/chat/completions over raw sockets: delivered as they come, and cancelled when the client leaves. */
class OpenAiChatStreamingTest {
  static final String BODY = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  static Socket rawStream(CcrServer server) throws Exception {
    Socket client = new Socket(InetAddress.getLoopbackAddress(), server.port());
    client.setSoTimeout(10_000);
    client.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY).getBytes(StandardCharsets.UTF_8));
    client.getOutputStream().flush();
    return client;
  }

  @Test
  void aClientThatLeavesMidStreamClosesTheUpstreamConnection() throws Exception {
    try (RawSseUpstream upstream = RawSseUpstream.start(c -> c.sendUntilClientLeaves(ServerEdgeTest.chunk("tok "), 5, 12_000));
        CcrServer server = ServerEdgeTest.serve(upstream.url("/v1/chat/completions"))) {
      try (Socket client = rawStream(server)) {
        InputStream in = client.getInputStream();
        byte[] buf = new byte[4096];
        int total = 0;
        while (total < 600) { // a few chunks have arrived: the stream is live
          int n = in.read(buf);
          assertThat(n).as("the stream ended early").isPositive();
          total += n;
        }
        client.setSoLinger(true, 0); // leave abruptly, as a killed client does
      }
      assertThat(upstream.result().get(60, TimeUnit.SECONDS)).as("the upstream saw ccr hang up mid-stream").isEqualTo(true);
    }
  }

  @Test
  void aChunkIsDeliveredBeforeCcrWaitsForTheNextOne() throws Exception {
    CompletableFuture<Void> clientSawHello = new CompletableFuture<>();
    try (RawSseUpstream upstream = RawSseUpstream.start(c -> {
      c.send(ServerEdgeTest.chunk("Hello"));
      try {
        clientSawHello.get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException stalled) {
        return false;
      }
      c.send(ServerEdgeTest.chunk(" world") + ServerEdgeTest.FINISH);
      c.end();
      return true;
    });
        CcrServer server = ServerEdgeTest.serve(upstream.url("/v1/chat/completions"));
        Socket client = rawStream(server)) {
      String text = ServerEdgeTest.readUntil(client.getInputStream(), "Hello");
      clientSawHello.complete(null);
      text += ServerEdgeTest.readUntil(client.getInputStream(), "[DONE]");
      assertThat(upstream.result().get(30, TimeUnit.SECONDS)).as("the client saw the first chunk before the second was sent")
          .isEqualTo(true);
      assertThat(text).contains("\"content\":\" world\"", "\"finish_reason\":\"stop\"");
    }
  }
}
