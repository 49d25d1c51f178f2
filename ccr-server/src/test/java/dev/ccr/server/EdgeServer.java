package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A running proxy for the edge suites, on a real socket, in front of an upstream that answers in
 * every dialect; with the checks every hostile request must pass. The socket read timeout is only
 * a safety net against a hang, never the thing measured.
 */
final class EdgeServer implements AutoCloseable {
  private final MockWebServer upstream;
  private final CcrServer server;
  private final OkHttpClient client;

  record Reply(int status, String body) {}

  EdgeServer() throws IOException {
    upstream = new MockWebServer();
    upstream.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        boolean stream = path.contains("streamGenerateContent")
            || request.getBody() != null && request.getBody().utf8().contains("\"stream\":true");
        String type = stream ? "text/event-stream" : "application/json";
        return new MockResponse.Builder().setHeader("Content-Type", type).body(UpstreamReplies.reply(path, stream)).build();
      }
    });
    upstream.start();
    // Every dialect and the transformers that rewrite requests, so a mutated request meets each encoder.
    CcrConfig config = CcrConfig.parse("{RETRY: {attempts: 1}, TIMEOUTS: {request_body_ms: 3000}, Providers: ["
        + "{name: 'up', api_base_url: '" + upstream.url("/v1/chat/completions") + "', models: ['m']},"
        + "{name: 'tx', api_base_url: '" + upstream.url("/v1/chat/completions") + "', models: ['m'], transformer: {use:"
        + " ['tooluse', 'enhancetool', 'reasoning', ['maxtoken', {max_tokens: 100}], 'sampling', 'cleancache', 'openrouter']}},"
        + "{name: 'gem', api_base_url: '" + upstream.url("/v1beta/models/") + "', api_key: 'AIza-test', models: ['m'],"
        + " transformer: {use: ['gemini']}},"
        + "{name: 'ant', api_base_url: '" + upstream.url("/v1/messages") + "', api_key: 'sk-ant', models: ['m'],"
        + " transformer: {use: ['anthropic']}}"
        + "], Router: {default: 'up,m'}}");
    server = CcrServer.start(ClaudeCodeRouter.builder().config(config).build(), "127.0.0.1", 0);
    client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).retryOnConnectionFailure(false).build();
  }

  @Override
  public void close() {
    server.close();
    upstream.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  Reply post(byte[] body, String contentType) throws IOException {
    return post(body, contentType, "/v1/messages");
  }

  Reply post(byte[] body, String contentType, String path) throws IOException {
    Request request = new Request.Builder().url(server.url() + path)
        .post(RequestBody.create(body, contentType == null ? null : MediaType.parse(contentType))).build();
    try (Response r = client.newCall(request).execute()) {
      return new Reply(r.code(), r.body().string());
    }
  }

  /** A 4xx Anthropic error without a trace of Java in it, or an answer from the provider. */
  static void answersSanely(Reply reply) {
    assertThat(reply.status()).as(reply.body()).isLessThan(500);
    assertThat(reply.body()).doesNotContain("Exception", "\tat ", "java.");
    if (reply.status() >= 400) {
      JsonObject body;
      try {
        body = (JsonObject) Json.parse(reply.body());
      } catch (RuntimeException e) {
        throw new AssertionError("a " + reply.status() + " that is not Anthropic error JSON: " + reply.body(), e);
      }
      JsonObject error = body.getObject("error");
      assertThat(body.getString("type")).isEqualTo("error");
      assertThat(error.getString("type")).isNotBlank();
      assertThat(error.getString("message")).isNotBlank();
    } else {
      assertThat(reply.status()).isEqualTo(200);
    }
  }

  /**
   * A 4xx, or the connection closed unanswered: the JDK's HTTP server drops a request whose head
   * breaks its limits before any handler runs, so no Anthropic error can be written there.
   */
  static void refusedOrClosed(String response) {
    assertThat(response).matches("(?s)|HTTP/1\\.1 4\\d\\d .*");
  }

  void stillServes() throws IOException {
    Reply reply = post(HostileBodies.VALID.getBytes(StandardCharsets.UTF_8), "application/json");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.body()).contains("\"text\":\"ok\"");
  }

  Socket socket() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
    s.setSoTimeout(30_000); // a safety net against a hang, not a measure
    return s;
  }

  /** Writes {@code request} raw and returns what came back until the server closed or answered. */
  String exchange(String request) throws IOException {
    try (Socket s = socket()) {
      try {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException refusedMidway) {
        // the server may close before it read everything; what it answered is still readable
      }
      return answer(s.getInputStream());
    }
  }

  /** What the server sent until it closed the connection or finished an answer with a Content-Length. */
  static String answer(InputStream in) throws IOException {
    StringBuilder got = new StringBuilder();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        int head = got.indexOf("\r\n\r\n");
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(got);
        if (head > 0 && length.find() && got.length() >= head + 4 + Integer.parseInt(length.group(1))) break;
      }
    } catch (java.net.SocketException reset) {
      // a reset after refusing is an answer too
    } catch (SocketTimeoutException hang) {
      throw new AssertionError("the server neither answered nor closed the connection", hang);
    }
    return got.toString();
  }
}
