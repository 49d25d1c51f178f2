package dev.ccr.transformers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.EventStream;
import dev.ccr.InvalidRequestException;
import dev.ccr.engine.SseStreams;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.routing.Route;
import dev.ccr.spi.UpstreamEvent;
import dev.ccr.transformers.JsonMatch;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okio.Buffer;
import okio.Okio;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven translation cases from {@code src/test/resources/golden}: each folder holds an
 * Anthropic request and the Chat Completions body expected upstream, or an upstream reply (JSON
 * or SSE text) and the Anthropic response or events expected back.
 */
class GoldenCasesTest {
  static final Route ROUTE = Route.of("golden", "gpt-x", "default", "golden case");

  static Path root() throws URISyntaxException {
    return Path.of(GoldenCasesTest.class.getResource("/golden").toURI());
  }

  static Stream<String> cases(String file) throws Exception {
    try (Stream<Path> dirs = Files.list(root())) {
      return dirs.filter(d -> Files.exists(d.resolve(file))).map(d -> d.getFileName().toString()).sorted().toList().stream();
    }
  }

  static Stream<String> requestCases() throws Exception {
    return cases("request.json");
  }

  static Stream<String> responseCases() throws Exception {
    return cases("upstream-reply.json");
  }

  static Stream<String> streamCases() throws Exception {
    return cases("upstream-stream.sse");
  }

  static String read(String dir, String file) throws IOException, URISyntaxException {
    return Files.readString(root().resolve(dir).resolve(file), StandardCharsets.UTF_8);
  }

  static ChatDialect dialect(String dir) throws Exception {
    ChatDialect d = ChatDialect.DEFAULT;
    if (!Files.exists(root().resolve(dir).resolve("dialect.json"))) return d;
    JsonObject o = (JsonObject) Json.parse(read(dir, "dialect.json"));
    if (Boolean.TRUE.equals(o.getBoolean("topK"))) d = d.withTopK(true);
    if (Boolean.TRUE.equals(o.getBoolean("cacheControl"))) d = d.withCacheControl(true);
    if (Boolean.TRUE.equals(o.getBoolean("files"))) d = d.withFiles(true);
    if (o.getString("reasoningEcho") != null) d = d.withReasoningEcho(ChatDialect.ReasoningEcho.valueOf(o.getString("reasoningEcho")));
    return d;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requestCases")
  void anthropicRequestBecomesTheExpectedChatBody(String name) throws Exception {
    ChatRequestEncoder encoder = new ChatRequestEncoder(dialect(name), "golden");
    var request = AnthropicJson.readRequest(read(name, "request.json"));
    if (Files.exists(root().resolve(name).resolve("error.txt"))) {
      assertThatThrownBy(() -> encoder.encode(request))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage(read(name, "error.txt").strip());
      return;
    }
    JsonObject body = encoder.encode(request);
    assertThat(JsonMatch.difference(Json.parse(read(name, "upstream-request.json")), body, "$"))
        .as(body.toJson()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("responseCases")
  void chatReplyBecomesTheExpectedAnthropicResponse(String name) throws Exception {
    MessagesResponse response = ChatResponseDecoder.decode(Json.parse(read(name, "upstream-reply.json")), ROUTE);
    JsonValue actual = Json.parse(AnthropicJson.write(response));
    assertThat(JsonMatch.difference(Json.parse(read(name, "response.json")), actual, "$")).as(actual.toJson()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streamCases")
  void chatStreamBecomesTheExpectedAnthropicEvents(String name) throws Exception {
    List<StreamEvent> events = decode(read(name, "upstream-stream.sse").getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE);
    List<JsonValue> expected = expectedEvents(name);
    assertThat(events).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonValue actual = Json.parse(AnthropicJson.write(events.get(i)));
      assertThat(JsonMatch.difference(expected.get(i), actual, "event " + i)).as(actual.toJson()).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streamCases")
  void everySplitPointOfTheUpstreamBytesGivesTheSameEvents(String name) throws Exception {
    byte[] bytes = read(name, "upstream-stream.sse").getBytes(StandardCharsets.UTF_8);
    List<String> whole = shapes(decode(bytes, Integer.MAX_VALUE));
    for (int split = 1; split < bytes.length; split++) {
      assertThat(shapes(decode(bytes, split))).as("split at byte %d", split).isEqualTo(whole);
    }
  }

  /** Events with generated ids and signatures blanked, so two runs compare. */
  static List<String> shapes(List<StreamEvent> events) {
    return events.stream().map(AnthropicJson::write)
        .map(s -> s.replaceAll("\"(toolu_|ccr\\.)[A-Za-z0-9_-]+\"", "\"<generated>\"")).toList();
  }

  /** Decodes upstream bytes handed over in two reads split at {@code split}, then the rest. */
  static List<StreamEvent> decode(byte[] bytes, int split) {
    Buffer first = new Buffer().write(bytes, 0, Math.min(split, bytes.length));
    okio.Source source = new okio.Source() {
      boolean firstDone;
      int pos = Math.min(split, bytes.length);

      @Override
      public long read(Buffer sink, long byteCount) {
        if (!firstDone) {
          firstDone = true;
          long n = first.size();
          if (n > 0) {
            sink.write(first, n);
            return n;
          }
        }
        if (pos >= bytes.length) return -1;
        int n = (int) Math.min(byteCount, bytes.length - pos);
        sink.write(bytes, pos, n);
        pos += n;
        return n;
      }

      @Override
      public okio.Timeout timeout() {
        return okio.Timeout.NONE;
      }

      @Override
      public void close() {}
    };
    ChatStreamDecoder decoder = new ChatStreamDecoder(ROUTE);
    List<StreamEvent> out = new ArrayList<>();
    try (EventStream<UpstreamEvent> upstream = SseStreams.parse(Okio.buffer(source))) {
      for (UpstreamEvent e : upstream) decoder.decode(e, out::add);
    }
    decoder.finish(out::add);
    return out;
  }

  static List<JsonValue> expectedEvents(String name) throws Exception {
    List<JsonValue> out = new ArrayList<>();
    try (EventStream<UpstreamEvent> events = SseStreams.parse(new Buffer().writeUtf8(read(name, "events.sse")))) {
      for (UpstreamEvent e : events) {
        assertThat(e.event()).isEqualTo(e.data().asObject().getString("type"));
        out.add(e.data());
      }
    }
    return out;
  }
}
