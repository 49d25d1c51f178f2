package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.testing.Tries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile and malformed request bodies against a running proxy: whatever comes in, the answer is a
 * 4xx Anthropic error (or a real answer, when the mutation left a valid request), never a 5xx, a
 * stack trace or a hang; and a normal request succeeds right after.
 */
class HostileRequestsTest {
  static EdgeServer edge;

  @BeforeAll
  static void start() throws IOException {
    edge = new EdgeServer();
  }

  @AfterAll
  static void stop() {
    edge.close();
  }

  @TestFactory
  Stream<DynamicTest> validJsonOfTheWrongShapeIsA4xxOrARealAnswer() {
    return Tries.of("wrongShape", 100, r -> validJsonOfTheWrongShapeIsA4xxOrARealAnswer(HostileBodies.wrongShape(r),
        route(r), r.nextBoolean()));
  }

  private void validJsonOfTheWrongShapeIsA4xxOrARealAnswer(String body, String route, boolean countTokens)
      throws IOException {
    String routed = body.replace("\"model\":\"m\"", "\"model\":\"" + route + "\"");
    EdgeServer.answersSanely(edge.post(routed.getBytes(StandardCharsets.UTF_8), "application/json",
        countTokens ? "/v1/messages/count_tokens" : "/v1/messages"));
    edge.stillServes();
  }

  @TestFactory
  Stream<DynamicTest> aSpoiledBlockOrToolIsA4xxOrARealAnswerFromEveryDialect() {
    return Tries.of("spoiledBlock", 80, r -> aSpoiledBlockOrToolIsA4xxOrARealAnswer(HostileBodies.spoiledBlock(r), route(r)));
  }

  private void aSpoiledBlockOrToolIsA4xxOrARealAnswer(String body, String route) throws IOException {
    String routed = body.replace("\"model\":\"m\"", "\"model\":\"" + route + "\"");
    EdgeServer.answersSanely(edge.post(routed.getBytes(StandardCharsets.UTF_8), "application/json"));
    edge.stillServes();
  }

  @TestFactory
  Stream<DynamicTest> mangledBytesAreA4xx() {
    return Tries.of("mangled", 60, r -> {
      EdgeServer.answersSanely(edge.post(HostileBodies.mangled(r), "application/json"));
      edge.stillServes();
    });
  }

  @TestFactory
  Stream<DynamicTest> anyContentTypeOrNoneIsNeverA5xx() {
    return Tries.of("contentType", 40, r -> anyContentTypeOrNoneIsNeverA5xx(Tries.pick(r, CONTENT_TYPES), r.nextBoolean()));
  }

  private void anyContentTypeOrNoneIsNeverA5xx(String contentType, boolean valid) throws IOException {
    byte[] body = (valid ? HostileBodies.VALID : "model=m&max_tokens=1").getBytes(StandardCharsets.UTF_8);
    EdgeServer.Reply reply = edge.post(body, contentType.equals("none") ? null : contentType);
    EdgeServer.answersSanely(reply);
    if (!valid) assertThat(reply.status()).isEqualTo(400);
    edge.stillServes();
  }

  @TestFactory
  Stream<DynamicTest> deepNestingIsA400NotAStackOverflow() {
    return Tries.of("nesting", 25, r -> deepNestingIsA400NotAStackOverflow(200 + r.nextInt(200_000 - 200 + 1),
        Tries.pick(r, "arrays", "closed-arrays", "objects", "in-a-block", "in-tool-input")));
  }

  private void deepNestingIsA400NotAStackOverflow(int depth, String kind) throws IOException {
    EdgeServer.Reply reply = edge.post(HostileBodies.nested(kind, depth).getBytes(StandardCharsets.UTF_8), "application/json");
    EdgeServer.answersSanely(reply);
    if (depth > 300) assertThat(reply.status()).isEqualTo(400);
    edge.stillServes();
  }

  @TestFactory
  Stream<DynamicTest> hugeNumbersInEveryNumberFieldAreA4xxOrAnswered() {
    return Tries.of("hugeNumber", 50, r -> hugeNumberIsA4xxOrAnswered(hugeNumber(r), Tries.pick(r, "max_tokens",
        "temperature", "top_p", "top_k", "thinking", "model", "messages", "stream", "system", "tools"), r.nextBoolean()));
  }

  private void hugeNumberIsA4xxOrAnswered(String literal, String field, boolean countTokens) throws IOException {
    // As text: Moshi's own reader would turn some of these away before the server saw them.
    java.util.LinkedHashMap<String, dev.ccr.json.JsonValue> rest =
        new java.util.LinkedHashMap<>(((JsonObject) Json.parse(HostileBodies.VALID)).members());
    rest.remove(field);
    String member = field.equals("thinking")
        ? "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":" + literal + "}"
        : "\"" + field + "\":" + literal;
    String body = "{" + member + "," + Json.write(JsonObject.of(rest)).substring(1);
    EdgeServer.Reply reply = edge.post(body.getBytes(StandardCharsets.UTF_8), "application/json",
        countTokens ? "/v1/messages/count_tokens" : "/v1/messages");
    EdgeServer.answersSanely(reply);
    if (field.equals("max_tokens") && !countTokens && literal.length() > 12) assertThat(reply.status()).isEqualTo(400);
    edge.stillServes();
  }

  private static String route(Random r) {
    return Tries.pick(r, "up,m", "tx,m", "gem,m", "ant,m");
  }

  private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8", "text/plain",
      "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1",
      "*/*", "none", "\u00e9/\u00e9", "application/x-ndjson"};

  /**
   * A fixed monster, a run of up to 2,000 digits, a negative number with such an exponent, or a
   * literal past the parser's 10,000-character limit (up to a million digits: parsing those into a
   * BigDecimal would take seconds of CPU per request).
   */
  private static String hugeNumber(Random r) {
    switch (r.nextInt(4)) {
      case 3:
        return "7".repeat(10_001 + r.nextInt(1_000_000)) + (r.nextBoolean() ? "" : "e1234567890");
      case 0:
        return Tries.pick(r, "1e999999", "-1e999999", "1e-999999", "1E+2147483648", "1e99999999999", "-0", "0.0",
            "2147483648", "-2147483649", "9223372036854775808", "1." + "0".repeat(5000), "1" + "0".repeat(400));
      case 1:
        return digits(r);
      default:
        return "-1e" + digits(r);
    }
  }

  private static String digits(Random r) {
    StringBuilder b = new StringBuilder();
    for (int i = 1 + r.nextInt(2000); i > 0; i--) b.append((char) ('0' + r.nextInt(10)));
    return b.toString().replaceFirst("^0+(?=.)", "");
  }

  /** The suite's own footing: each dialect answers the unspoiled request, whole and streamed. */
  @Test
  void everyRouteAnswersTheValidRequest() throws IOException {
    for (String route : new String[] {"up,m", "tx,m", "gem,m", "ant,m"}) {
      for (String stream : new String[] {"false", "true"}) {
        String body = HostileBodies.VALID.replace("\"model\":\"m\"", "\"model\":\"" + route + "\"")
            .replace("\"stream\":false", "\"stream\":" + stream);
        EdgeServer.Reply reply = edge.post(body.getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(reply.status()).as(route + " stream=" + stream + ": " + reply.body()).isEqualTo(200);
        assertThat(reply.body()).contains("ok");
      }
    }
  }

  @Test
  void anExponentNoJavaNumberHoldsIsA400WhereverItIs() throws IOException {
    String body = "{\"model\":\"m\",\"max_tokens\":5,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1e99999999999},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    EdgeServer.Reply reply = edge.post(body.getBytes(StandardCharsets.UTF_8), "application/json");

    EdgeServer.answersSanely(reply);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).contains("$.thinking.budget_tokens");
    edge.stillServes();
  }

  @Test
  void aHugeStringIsServed() throws IOException {
    JsonObject valid = (JsonObject) Json.parse(HostileBodies.VALID);
    String big = Json.write(valid.with("system", Json.parse("\"" + "a".repeat(4 * 1024 * 1024) + "\"")));

    EdgeServer.Reply reply = edge.post(big.getBytes(StandardCharsets.UTF_8), "application/json");

    assertThat(reply.status()).isEqualTo(200);
    edge.stillServes();
  }
}
