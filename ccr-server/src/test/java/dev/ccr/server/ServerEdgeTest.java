package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.testing.RawSseUpstream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The proxy at its edges, over real sockets. */
class ServerEdgeTest {
  static final String BODY = "{\"model\":\"m\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  static CcrServer serve(String url) throws Exception {
    CcrConfig config = CcrConfig.parse("{Providers: [{name: 'up', api_base_url: '" + url + "', models: ['m']}],"
        + " Router: {default: 'up,m'}}");
    return CcrServer.start(ClaudeCodeRouter.builder().config(config).build(), "127.0.0.1", 0);
  }

  @Test
  void browserPagesFromOtherOriginsAreRefusedWithoutAnApiKey() throws Exception {
    try (CcrServer server = serve("http://127.0.0.1:9/v1/chat/completions")) {
      OkHttpClient client = new OkHttpClient();
      Request.Builder evil = new Request.Builder().url("http://127.0.0.1:" + server.port() + "/v1/messages")
          .header("Origin", "https://evil.example").post(RequestBody.create(BODY, MediaType.get("application/json")));
      try (Response r = client.newCall(evil.build()).execute()) {
        assertThat(r.code()).isEqualTo(403);
        assertThat(r.body().string()).contains("permission_error", "https://evil.example");
      }
      // Another page on this machine (a dev server on another port) is another origin too.
      try (Response r = client.newCall(evil.header("Origin", "http://localhost:5173").build()).execute()) {
        assertThat(r.code()).isEqualTo(403);
      }
      assertThat(ApiHandler.sameOrigin("http://127.0.0.1:3456", "127.0.0.1:3456")).isTrue();
      assertThat(ApiHandler.sameOrigin("http://localhost:3456", "LOCALHOST:3456")).isTrue();
      assertThat(ApiHandler.sameOrigin("http://localhost:5173", "localhost:3456")).isFalse();
      assertThat(ApiHandler.sameOrigin("http://evil.example:3456", "evil.example:3456")).as("DNS rebinding").isFalse();
      assertThat(ApiHandler.sameOrigin("null", "127.0.0.1:3456")).isFalse();
      assertThat(ApiHandler.sameOrigin("https://localhost.evil.example", "localhost.evil.example")).isFalse();
    }
  }

  @Test
  void theServersOwnPagesMayCallItWithoutAnApiKey() throws Exception {
    try (CcrServer server = serve("http://127.0.0.1:9/v1/chat/completions")) {
      String self = "127.0.0.1:" + server.port();
      Request own = new Request.Builder().url("http://" + self + "/v1/models").header("Origin", "http://" + self).build();
      try (Response r = new OkHttpClient().newCall(own).execute()) {
        assertThat(r.code()).isEqualTo(200);
      }
    }
  }

  @Test
  void aNonLoopbackHostWithoutApiKeyRefusesToStart() {
    CcrConfig config = CcrConfig.parse("{Providers: [], Router: {}}");

    assertThatThrownBy(() -> CcrServer.start(ClaudeCodeRouter.builder().config(config).build(), "0.0.0.0", 0))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("without APIKEY");
  }

  @Test
  void aBodyOver32MegabytesIs413() throws Exception {
    try (CcrServer server = serve("http://127.0.0.1:9/v1/chat/completions");
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
          + (32L * 1024 * 1024 + 1) + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      s.setSoTimeout(10_000);
      String response = readResponse(s.getInputStream());
      assertThat(response).startsWith("HTTP/1.1 413").contains("request_too_large");
    }
  }

  @Test
  void gracefulShutdownLetsARunningStreamFinishAndRefusesNewConnections() throws Exception {
    try (mockwebserver3.MockWebServer upstream = new mockwebserver3.MockWebServer()) {
      upstream.start();
      StringBuilder sse = new StringBuilder();
      for (int i = 0; i < 20; i++) {
        sse.append("data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t").append(i)
            .append("\"}}]}\n\n");
      }
      sse.append("data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n")
          .append("data: [DONE]\n\n");
      upstream.enqueue(new mockwebserver3.MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
          .body(sse.toString()).throttleBody(200, 50, TimeUnit.MILLISECONDS).build());
      CcrServer server = serve(upstream.url("/v1/chat/completions").toString());
      int port = server.port();
      OkHttpClient client = new OkHttpClient();
      try (Response r = client.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/v1/messages")
          .post(RequestBody.create(BODY, MediaType.get("application/json"))).build()).execute()) {
        okio.BufferedSource body = r.body().source();
        assertThat(body.readUtf8Line()).isEqualTo("event: message_start"); // the stream is under way
        Thread stopper = new Thread(() -> server.stop(java.time.Duration.ofSeconds(10)));
        stopper.start();
        String rest = body.readUtf8();
        assertThat(rest).contains("t19").endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        stopper.join(15_000);
      }
      assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
          .as("no longer accepting").isInstanceOf(java.net.ConnectException.class);
    }
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
    try (CcrServer server = serve("http://127.0.0.1:9/v1/chat/completions");
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      for (int i = 0; i < 3; i++) {
        out.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String response = readResponse(in);
        assertThat(response).startsWith("HTTP/1.1 200").endsWith("{\"status\":\"ok\"}");
      }
    }
  }

  /** One response with a Content-Length body, read without closing the connection. */
  private static String readResponse(InputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) break;
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
    }
    return head.toString().trim() + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  @Test
  void aClientThatLeavesMidStreamClosesTheUpstreamConnection() throws Exception {
    // The upstream streams until its client hangs up: only ccr cancelling the call can end it.
    try (RawSseUpstream upstream = RawSseUpstream.start(c -> c.sendUntilClientLeaves(chunk("tok "), 5, 12_000));
        CcrServer server = serve(upstream.url("/v1/chat/completions"))) {
      try (Socket client = rawStream(server)) {
        InputStream in = client.getInputStream();
        byte[] buf = new byte[4096];
        int total = 0;
        while (total < 600) { // a few events have arrived: the stream is live
          int n = in.read(buf); // bounded by the socket's read timeout
          assertThat(n).as("the stream ended early").isPositive();
          total += n;
        }
        client.setSoLinger(true, 0); // leave abruptly, as a killed client does
      }
      assertThat(upstream.result().get(60, TimeUnit.SECONDS)).as("the upstream saw ccr hang up mid-stream").isEqualTo(true);
    }
  }

  @Test
  void anEventIsDeliveredBeforeCcrWaitsForTheNextOne() throws Exception {
    // The upstream sends its second event only once the client has seen the first: a proxy that held
    // written events until more arrived would stall here until the upstream gives up.
    CompletableFuture<Void> clientSawHello = new CompletableFuture<>();
    try (RawSseUpstream upstream = RawSseUpstream.start(c -> {
      c.send(chunk("Hello"));
      try {
        clientSawHello.get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException stalled) {
        return false;
      }
      c.send(chunk(" world") + FINISH);
      c.end();
      return true;
    });
        CcrServer server = serve(upstream.url("/v1/chat/completions"));
        Socket client = rawStream(server)) {
      String text = readUntil(client.getInputStream(), "Hello");
      clientSawHello.complete(null);
      text += readUntil(client.getInputStream(), "message_stop");
      assertThat(upstream.result().get(30, TimeUnit.SECONDS)).as("the client saw the first event before the second was sent")
          .isEqualTo(true);
      assertThat(text).contains("\"text\":\" world\"");
    }
  }

  @Test
  void eventsThatArriveTogetherLeaveInOneWrite() throws Exception {
    try (RawSseUpstream upstream = RawSseUpstream.start(c -> {
      c.send(chunk("one") + chunk(" two") + chunk(" three") + chunk(" four") + FINISH);
      c.end();
      return true;
    });
        CcrServer server = serve(upstream.url("/v1/chat/completions"));
        Socket client = rawStream(server)) {
      String response = readUntil(client.getInputStream(), "\r\n0\r\n\r\n");
      String body = response.substring(response.indexOf("\r\n\r\n") + 4);
      int events = body.split("event: ", -1).length - 1;
      java.util.regex.Matcher sizes = java.util.regex.Pattern.compile("\r\n([0-9a-f]+)\r\n").matcher("\r\n" + body);
      int chunks = 0; // HTTP chunks, one per flushed write; the last, empty one ends the body
      while (sizes.find()) if (!sizes.group(1).equals("0")) chunks++;
      assertThat(events).isGreaterThanOrEqualTo(9); // start, block start, four deltas, block stop, delta, stop
      assertThat(chunks).as("HTTP chunks for %d events", events).isLessThanOrEqualTo(2);
    }
  }

  static final String FINISH = "data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}\n\ndata: [DONE]\n\n";

  static String chunk(String text) {
    return "data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}\n\n";
  }

  /** A raw client socket that has sent {@link #BODY} (a stream request) to {@code server}. */
  static Socket rawStream(CcrServer server) throws Exception {
    Socket client = new Socket(InetAddress.getLoopbackAddress(), server.port());
    client.setSoTimeout(10_000);
    client.getOutputStream().write(("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY).getBytes(StandardCharsets.UTF_8));
    client.getOutputStream().flush();
    return client;
  }

  static String readUntil(InputStream in, String end) throws java.io.IOException {
    StringBuilder sb = new StringBuilder();
    while (sb.indexOf(end) < 0) {
      int b = in.read();
      if (b < 0) break;
      sb.append((char) b);
    }
    return sb.toString();
  }
}
