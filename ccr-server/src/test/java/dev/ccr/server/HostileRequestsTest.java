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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Hostile and malformed requests against a running proxy on a real socket. Whatever comes in, the
 * answer is a 4xx Anthropic error (or a real answer, when the mutation left a valid request): never a
 * 5xx, a stack trace or a hang; and a normal request succeeds right after. The socket read timeout is
 * only a safety net against a hang, never the thing measured.
 */
class HostileRequestsTest {
  static MockWebServer upstream;
  static CcrServer server;
  static OkHttpClient client;

  @BeforeContainer
  static void start() throws IOException {
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
    CcrConfig config = CcrConfig.parse("{RETRY: {attempts: 1}, TIMEOUTS: {request_body_ms: 2000}, Providers: ["
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

  @AfterContainer
  static void stop() {
    server.close();
    upstream.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  // ---------------------------------------------------------------- properties

  @Property(tries = 100)
  void validJsonOfTheWrongShapeIsA4xxOrARealAnswer(@ForAll("wrongShapes") String body, @ForAll("routes") String route,
      @ForAll boolean countTokens) throws IOException {
    String routed = body.replace("\"model\":\"m\"", "\"model\":\"" + route + "\"");
    answersSanely(post(routed.getBytes(StandardCharsets.UTF_8), "application/json",
        countTokens ? "/v1/messages/count_tokens" : "/v1/messages"));
    stillServes();
  }

  @Property(tries = 80)
  void aSpoiledBlockOrToolIsA4xxOrARealAnswerFromEveryDialect(@ForAll("spoiledBlocks") String body,
      @ForAll("routes") String route) throws IOException {
    String routed = body.replace("\"model\":\"m\"", "\"model\":\"" + route + "\"");
    answersSanely(post(routed.getBytes(StandardCharsets.UTF_8), "application/json"));
    stillServes();
  }

  @Property(tries = 60)
  void mangledBytesAreA4xx(@ForAll("mangledBytes") byte[] body) throws IOException {
    answersSanely(post(body, "application/json"));
    stillServes();
  }

  @Property(tries = 40)
  void anyContentTypeOrNoneIsNeverA5xx(@ForAll("contentTypes") String contentType, @ForAll boolean valid)
      throws IOException {
    byte[] body = (valid ? HostileBodies.VALID : "model=m&max_tokens=1").getBytes(StandardCharsets.UTF_8);
    Reply reply = post(body, contentType.equals("none") ? null : contentType);
    answersSanely(reply);
    if (!valid) assertThat(reply.status).isEqualTo(400);
    stillServes();
  }

  @Property(tries = 25)
  void deepNestingIsA400NotAStackOverflow(@ForAll @IntRange(min = 200, max = 200_000) int depth,
      @ForAll("nestingKinds") String kind) throws IOException {
    Reply reply = post(HostileBodies.nested(kind, depth).getBytes(StandardCharsets.UTF_8), "application/json");
    answersSanely(reply);
    if (depth > 300) assertThat(reply.status).isEqualTo(400);
    stillServes();
  }

  @Property(tries = 50)
  void hugeNumbersInEveryNumberFieldAreA4xxOrAnswered(@ForAll("hugeNumbers") String literal,
      @ForAll("numberFields") String field, @ForAll boolean countTokens) throws IOException {
    // As text: Moshi's own reader would turn some of these away before the server saw them.
    java.util.LinkedHashMap<String, dev.ccr.json.JsonValue> rest =
        new java.util.LinkedHashMap<>(((JsonObject) Json.parse(HostileBodies.VALID)).members());
    rest.remove(field);
    String member = field.equals("thinking")
        ? "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":" + literal + "}"
        : "\"" + field + "\":" + literal;
    String body = "{" + member + "," + Json.write(JsonObject.of(rest)).substring(1);
    Reply reply = post(body.getBytes(StandardCharsets.UTF_8), "application/json",
        countTokens ? "/v1/messages/count_tokens" : "/v1/messages");
    answersSanely(reply);
    if (field.equals("max_tokens") && !countTokens && literal.length() > 12) assertThat(reply.status).isEqualTo(400);
    stillServes();
  }

  @Provide
  Arbitrary<String> wrongShapes() {
    return Arbitraries.randomValue(HostileBodies::wrongShape);
  }

  @Provide
  Arbitrary<String> spoiledBlocks() {
    return Arbitraries.randomValue(HostileBodies::spoiledBlock);
  }

  @Provide
  Arbitrary<String> routes() {
    return Arbitraries.of("up,m", "tx,m", "gem,m", "ant,m");
  }

  @Provide
  Arbitrary<byte[]> mangledBytes() {
    return Arbitraries.randomValue(HostileBodies::mangled);
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of("application/json", "application/json; charset=utf-8", "text/plain",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1",
        "*/*", "none", "\u00e9/\u00e9", "application/x-ndjson");
  }

  @Provide
  Arbitrary<String> nestingKinds() {
    return Arbitraries.of("arrays", "closed-arrays", "objects", "in-a-block", "in-tool-input");
  }

  @Provide
  Arbitrary<String> hugeNumbers() {
    Arbitrary<String> fixed = Arbitraries.of("1e999999", "-1e999999", "1e-999999", "1E+2147483648", "1e99999999999",
        "-0", "0.0", "2147483648", "-2147483649", "9223372036854775808", "1." + "0".repeat(5000), "1" + "0".repeat(400));
    Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(2000)
        .map(s -> s.replaceFirst("^0+(?=.)", ""));
    return Arbitraries.oneOf(fixed, digits, digits.map(d -> "-1e" + d));
  }

  @Provide
  Arbitrary<String> numberFields() {
    return Arbitraries.of("max_tokens", "temperature", "top_p", "top_k", "thinking", "model", "messages", "stream",
        "system", "tools");
  }

  // ---------------------------------------------------------------- fixed cases

  /** The suite's own footing: each dialect answers the unspoiled request, whole and streamed. */
  @Example
  void everyRouteAnswersTheValidRequest() throws IOException {
    for (String route : new String[] {"up,m", "tx,m", "gem,m", "ant,m"}) {
      for (String stream : new String[] {"false", "true"}) {
        String body = HostileBodies.VALID.replace("\"model\":\"m\"", "\"model\":\"" + route + "\"")
            .replace("\"stream\":false", "\"stream\":" + stream);
        Reply reply = post(body.getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(reply.status).as(route + " stream=" + stream + ": " + reply.body).isEqualTo(200);
        assertThat(reply.body).contains("ok");
      }
    }
  }

  @Example
  void anExponentNoJavaNumberHoldsIsA400WhereverItIs() throws IOException {
    String body = "{\"model\":\"m\",\"max_tokens\":5,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1e99999999999},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    Reply reply = post(body.getBytes(StandardCharsets.UTF_8), "application/json");

    answersSanely(reply);
    assertThat(reply.status).isEqualTo(400);
    assertThat(reply.body).contains("$.thinking.budget_tokens");
    stillServes();
  }

  @Example
  void aHugeStringIsServed() throws IOException {
    JsonObject valid = (JsonObject) Json.parse(HostileBodies.VALID);
    String big = Json.write(valid.with("system", Json.parse("\"" + "a".repeat(8 * 1024 * 1024) + "\"")));

    Reply reply = post(big.getBytes(StandardCharsets.UTF_8), "application/json");

    assertThat(reply.status).isEqualTo(200);
    stillServes();
  }

  @Example
  void aChunkedBodyOver32MegabytesIs413() throws Exception {
    try (Socket s = socket()) {
      OutputStream out = s.getOutputStream();
      Thread writer = new Thread(() -> {
        try {
          out.write(("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          byte[] chunk = ("100000\r\n" + " ".repeat(0x100000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
          for (int i = 0; i < 40; i++) out.write(chunk);
        } catch (IOException refused) {
          // the server stopped reading: expected
        }
      });
      writer.start();
      String response = answer(s.getInputStream());
      writer.join(30_000);
      // The 413 is sent, but the server closes with the client's bytes unread, so the client's TCP
      // stack may drop it on the reset: what must hold is no 200, no 5xx and no 40 MB held in memory.
      if (!response.isEmpty()) assertThat(response).startsWith("HTTP/1.1 413").contains("request_too_large");
    }
    stillServes();
  }

  @Example
  void aFloodOfHeadersIsRefusedAndTheServerKeepsServing() throws IOException {
    StringBuilder head = new StringBuilder("POST /v1/messages HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 5000; i++) head.append("X-Flood-").append(i).append(": ").append("v".repeat(20)).append("\r\n");
    String response = exchange(head + "Content-Length: 2\r\n\r\n{}");

    refusedOrClosed(response);
    stillServes();
  }

  @Example
  void aHugeHeaderIsRefusedAndTheServerKeepsServing() throws IOException {
    String response = exchange("POST /v1/messages HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(4 * 1024 * 1024)
        + "\r\nContent-Length: 2\r\n\r\n{}");

    refusedOrClosed(response);
    stillServes();
  }

  @Example
  void aBodyTrickledPastTheLimitLosesItsConnectionAndTheServerKeepsServing() throws IOException {
    try (Socket s = socket()) {
      OutputStream out = s.getOutputStream();
      out.write("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"mo"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // No more bytes come: the server's body deadline (2 s here) must end the exchange.
      int first;
      try {
        first = s.getInputStream().read();
      } catch (java.net.SocketException reset) {
        first = -1;
      }
      assertThat(first).as("the connection is answered or closed, not left hanging").isIn(-1, (int) 'H');
    }
    stillServes();
  }

  @Property(tries = 12)
  void aLyingOrBrokenContentLengthIsRefusedOrClosed(@ForAll("contentLengths") String length) throws IOException {
    refusedOrClosed(exchange("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n{\"model\":\"m\"}"));
    stillServes();
  }

  @Provide
  Arbitrary<String> contentLengths() {
    return Arbitraries.of("abc", "-1", "-99999", "99999999999999999999", "1", "3", "0", " 13", "13, 13", "0x0d", "1e2",
        "33554433");
  }

  @Example
  void aRequestLineThatIsNotHttpDoesNotStopTheServer() throws IOException {
    String response = exchange("\u0000\u0001GARBAGE / SMTP/9\r\n\r\n");

    refusedOrClosed(response);
    stillServes();
  }

  // ---------------------------------------------------------------- helpers

  record Reply(int status, String body) {}

  static Reply post(byte[] body, String contentType) throws IOException {
    return post(body, contentType, "/v1/messages");
  }

  static Reply post(byte[] body, String contentType, String path) throws IOException {
    Request request = new Request.Builder().url(server.url() + path)
        .post(RequestBody.create(body, contentType == null ? null : MediaType.parse(contentType))).build();
    try (Response r = client.newCall(request).execute()) {
      return new Reply(r.code(), r.body().string());
    }
  }

  /** A 4xx Anthropic error without a trace of Java in it, or an answer from the provider. */
  static void answersSanely(Reply reply) {
    assertThat(reply.status).as(reply.body).isLessThan(500);
    assertThat(reply.body).doesNotContain("Exception", "\tat ", "java.");
    if (reply.status >= 400) {
      JsonObject body;
      try {
        body = (JsonObject) Json.parse(reply.body);
      } catch (RuntimeException e) {
        throw new AssertionError("a " + reply.status + " that is not Anthropic error JSON: " + reply.body, e);
      }
      JsonObject error = body.getObject("error");
      assertThat(body.getString("type")).isEqualTo("error");
      assertThat(error.getString("type")).isNotBlank();
      assertThat(error.getString("message")).isNotBlank();
    } else {
      assertThat(reply.status).isEqualTo(200);
    }
  }

  /**
   * A 4xx, or the connection closed unanswered: the JDK's HTTP server drops a request whose head
   * breaks its limits before any handler runs, so no Anthropic error can be written there.
   */
  static void refusedOrClosed(String response) {
    assertThat(response).matches("(?s)|HTTP/1\\.1 4\\d\\d .*");
  }

  static void stillServes() throws IOException {
    Reply reply = post(HostileBodies.VALID.getBytes(StandardCharsets.UTF_8), "application/json");
    assertThat(reply.status).as(reply.body).isEqualTo(200);
    assertThat(reply.body).contains("\"text\":\"ok\"");
  }

  static Socket socket() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
    s.setSoTimeout(30_000); // a safety net against a hang, not a measure
    return s;
  }

  /** Writes {@code request} raw and returns what came back until the server closed or answered. */
  static String exchange(String request) throws IOException {
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
