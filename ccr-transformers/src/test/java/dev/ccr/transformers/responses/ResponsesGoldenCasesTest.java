package dev.ccr.transformers.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.EventStream;
import dev.ccr.InvalidRequestException;
import dev.ccr.engine.SseStreams;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.routing.Route;
import dev.ccr.spi.UpstreamEvent;
import dev.ccr.transformers.JsonMatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okio.Buffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven Responses API cases from {@code src/test/resources/golden-responses}: an Anthropic
 * request and the Responses body expected upstream ({@code q*}), a recorded-shape event stream and
 * the Anthropic events expected back ({@code t*}), or a JSON reply and the Anthropic response ({@code j*}).
 */
class ResponsesGoldenCasesTest {
  static final Route ROUTE = Route.of("golden", "gpt-5-codex", "default", "golden case");

  static Path root() throws Exception {
    return Path.of(ResponsesGoldenCasesTest.class.getResource("/golden-responses").toURI());
  }

  static Stream<String> cases(String file) throws Exception {
    try (Stream<Path> dirs = Files.list(root())) {
      return dirs.filter(d -> Files.exists(d.resolve(file))).map(d -> d.getFileName().toString()).sorted().toList().stream();
    }
  }

  static Stream<String> requestCases() throws Exception {
    return cases("request.json");
  }

  static Stream<String> streamCases() throws Exception {
    return cases("upstream-stream.sse");
  }

  static Stream<String> replyCases() throws Exception {
    return cases("upstream-reply.json");
  }

  static String read(String dir, String file) throws Exception {
    return Files.readString(root().resolve(dir).resolve(file), StandardCharsets.UTF_8);
  }

  static List<UpstreamEvent> events(String sse) {
    List<UpstreamEvent> out = new ArrayList<>();
    try (EventStream<UpstreamEvent> events = SseStreams.parse(new Buffer().writeUtf8(sse))) {
      for (UpstreamEvent e : events) out.add(e);
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requestCases")
  void anthropicRequestBecomesTheExpectedResponsesBody(String name) throws Exception {
    ResponsesRequestEncoder encoder = new ResponsesRequestEncoder("golden");
    MessagesRequest request = AnthropicJson.readRequest(read(name, "request.json"));
    if (Files.exists(root().resolve(name).resolve("error.txt"))) {
      assertThatThrownBy(() -> encoder.encode(request)).isInstanceOf(InvalidRequestException.class)
          .hasMessage(read(name, "error.txt").strip());
      return;
    }
    JsonObject body = encoder.encode(request);
    assertThat(JsonMatch.difference(Json.parse(read(name, "upstream-request.json")), body, "$")).as(body.toJson()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streamCases")
  void responsesStreamBecomesTheExpectedAnthropicEvents(String name) throws Exception {
    ResponsesStreamDecoder decoder = new ResponsesStreamDecoder(ROUTE);
    List<StreamEvent> out = new ArrayList<>();
    for (UpstreamEvent e : events(read(name, "upstream-stream.sse"))) decoder.decode(e, out::add);
    decoder.finish(out::add);

    List<UpstreamEvent> expected = events(read(name, "events.sse"));
    List<String> actual = out.stream().map(AnthropicJson::write).toList();
    assertThat(out).as(String.join("\n", actual)).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonValue a = Json.parse(actual.get(i));
      assertThat(JsonMatch.difference(expected.get(i).data(), a, "event " + i)).as(actual.get(i)).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replyCases")
  void responsesJsonBecomesTheExpectedAnthropicResponse(String name) throws Exception {
    MessagesResponse response = ResponsesResponseDecoder.decode(Json.parse(read(name, "upstream-reply.json")), ROUTE);
    JsonValue actual = Json.parse(AnthropicJson.write(response));
    assertThat(JsonMatch.difference(Json.parse(read(name, "response.json")), actual, "$")).as(actual.toJson()).isNull();
  }
}
