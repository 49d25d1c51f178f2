package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile and malformed request bodies against a running proxy: whatever comes in, the answer is a
 * 4xx Anthropic error (or a real answer, when the mutation left a valid request), never a 5xx, a
 * stack trace or a hang; and a normal request succeeds right after.
 */
class HostileRequestsTest {
  static EdgeServer edge;

  @BeforeContainer
  static void start() throws IOException {
    edge = new EdgeServer();
  }

  @AfterContainer
  static void stop() {
    edge.close();
  }

  @Property(tries = 100)
  void validJsonOfTheWrongShapeIsA4xxOrARealAnswer(@ForAll("wrongShapes") String body, @ForAll("routes") String route,
      @ForAll boolean countTokens) throws IOException {
    String routed = body.replace("\"model\":\"m\"", "\"model\":\"" + route + "\"");
    EdgeServer.answersSanely(edge.post(routed.getBytes(StandardCharsets.UTF_8), "application/json",
        countTokens ? "/v1/messages/count_tokens" : "/v1/messages"));
    edge.stillServes();
  }

  @Property(tries = 80)
  void aSpoiledBlockOrToolIsA4xxOrARealAnswerFromEveryDialect(@ForAll("spoiledBlocks") String body,
      @ForAll("routes") String route) throws IOException {
    String routed = body.replace("\"model\":\"m\"", "\"model\":\"" + route + "\"");
    EdgeServer.answersSanely(edge.post(routed.getBytes(StandardCharsets.UTF_8), "application/json"));
    edge.stillServes();
  }

  @Property(tries = 60)
  void mangledBytesAreA4xx(@ForAll("mangledBytes") byte[] body) throws IOException {
    EdgeServer.answersSanely(edge.post(body, "application/json"));
    edge.stillServes();
  }

  @Property(tries = 40)
  void anyContentTypeOrNoneIsNeverA5xx(@ForAll("contentTypes") String contentType, @ForAll boolean valid)
      throws IOException {
    byte[] body = (valid ? HostileBodies.VALID : "model=m&max_tokens=1").getBytes(StandardCharsets.UTF_8);
    EdgeServer.Reply reply = edge.post(body, contentType.equals("none") ? null : contentType);
    EdgeServer.answersSanely(reply);
    if (!valid) assertThat(reply.status()).isEqualTo(400);
    edge.stillServes();
  }

  @Property(tries = 25)
  void deepNestingIsA400NotAStackOverflow(@ForAll @IntRange(min = 200, max = 200_000) int depth,
      @ForAll("nestingKinds") String kind) throws IOException {
    EdgeServer.Reply reply = edge.post(HostileBodies.nested(kind, depth).getBytes(StandardCharsets.UTF_8), "application/json");
    EdgeServer.answersSanely(reply);
    if (depth > 300) assertThat(reply.status()).isEqualTo(400);
    edge.stillServes();
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
    EdgeServer.Reply reply = edge.post(body.getBytes(StandardCharsets.UTF_8), "application/json",
        countTokens ? "/v1/messages/count_tokens" : "/v1/messages");
    EdgeServer.answersSanely(reply);
    if (field.equals("max_tokens") && !countTokens && literal.length() > 12) assertThat(reply.status()).isEqualTo(400);
    edge.stillServes();
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

  /** The suite's own footing: each dialect answers the unspoiled request, whole and streamed. */
  @Example
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

  @Example
  void anExponentNoJavaNumberHoldsIsA400WhereverItIs() throws IOException {
    String body = "{\"model\":\"m\",\"max_tokens\":5,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1e99999999999},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    EdgeServer.Reply reply = edge.post(body.getBytes(StandardCharsets.UTF_8), "application/json");

    EdgeServer.answersSanely(reply);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).contains("$.thinking.budget_tokens");
    edge.stillServes();
  }

  @Example
  void aHugeStringIsServed() throws IOException {
    JsonObject valid = (JsonObject) Json.parse(HostileBodies.VALID);
    String big = Json.write(valid.with("system", Json.parse("\"" + "a".repeat(4 * 1024 * 1024) + "\"")));

    EdgeServer.Reply reply = edge.post(big.getBytes(StandardCharsets.UTF_8), "application/json");

    assertThat(reply.status()).isEqualTo(200);
    edge.stillServes();
  }
}
