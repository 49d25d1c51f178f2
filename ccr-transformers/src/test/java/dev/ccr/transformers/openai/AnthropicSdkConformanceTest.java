package dev.ccr.transformers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessageAccumulator;
import dev.ccr.model.StreamEvent;
import dev.ccr.transformers.testing.AnthropicSdk;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every stream the golden cases produce is read by the official Anthropic Java SDK. */
class AnthropicSdkConformanceTest {

  static java.util.stream.Stream<String> streamCases() throws Exception {
    return GoldenCasesTest.streamCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streamCases")
  void sdkAccumulatorRebuildsTheSameMessage(String name) throws Exception {
    List<StreamEvent> events = GoldenCasesTest.decode(
        GoldenCasesTest.read(name, "upstream-stream.sse").getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE);
    StreamEvent last = events.get(events.size() - 1);

    if (last instanceof StreamEvent.Error error) {
      // The SDK must surface the error event as an exception, not a truncated message.
      assertThatThrownBy(() -> AnthropicSdk.accumulate(events)).hasMessageContaining(error.error().message());
      return;
    }
    MessageAccumulator ours = new MessageAccumulator();
    events.forEach(ours::accept);
    JsonObject expected = AnthropicSdk.essentials((JsonObject) Json.parse(AnthropicJson.write(ours.message())));

    JsonObject sdk = AnthropicSdk.essentials(AnthropicSdk.accumulate(events));

    assertThat(sdk).isEqualTo(expected);
    assertThat(sdk.getArray("content").size()).isEqualTo(ours.message().content().size());
  }
}
