package dev.ccr.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.EventStream;
import dev.ccr.ProviderException;
import dev.ccr.RateLimitedException;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.Message;
import dev.ccr.model.MessageAccumulator;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.TextBlock;
import dev.ccr.model.ThinkingBlock;
import dev.ccr.model.Tool;
import dev.ccr.model.ToolUseBlock;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every provider must do, against MockWebServer with bodies in the provider's own format.
 * A provider's test extends this, gives its config entry (named {@code p}, with model {@code m})
 * and its recorded-style bodies, and checks what was sent in {@link #checkSent}.
 */
public abstract class ProviderContractTest {
  protected MockWebServer upstream;
  protected ClaudeCodeRouter ccr;

  /** The provider entry in config.json: name {@code p}, model {@code m}, endpoint {@code baseUrl}. */
  protected abstract String providerEntry(String baseUrl);

  /** A whole JSON reply whose text is "Hello there". */
  protected abstract String textReply();

  /** A stream whose text arrives as "Hello" then " there". */
  protected abstract String textStream();

  /** A stream that calls get_weather with {"city":"Paris"}. */
  protected abstract String toolCallStream();

  /** A stream that calls get_weather {"city":"Paris"} and get_time {"tz":"CET"}. */
  protected abstract String parallelToolStream();

  /** A stream that thinks "Let me think." and then answers "Sunny.". */
  protected abstract String thinkingStream();

  /** An error body in the provider's shape carrying {@code message}. */
  protected abstract String errorBody(int status, String message);

  /** Checks the request the provider sent (auth, path, body) for a streamed tool-using request. */
  protected abstract void checkSent(RecordedRequest request) throws Exception;

  @BeforeEach
  void startUpstream() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    ccr = ClaudeCodeRouter.builder()
        .config(CcrConfig.parse("{RETRY: {attempts: 1}, Providers: [" + providerEntry(upstream.url("/").toString())
            + "], Router: {default: 'p,m'}}"))
        .build();
  }

  @AfterEach
  void stopUpstream() {
    ccr.close();
    upstream.close();
  }

  protected static MessagesRequest request(boolean stream) {
    return MessagesRequest.builder().model("claude-sonnet-4-5").maxTokens(1024).stream(stream)
        .system("You are terse.")
        .addMessage(Message.user("Weather in Paris?"))
        .tools(List.of(Tool.custom("get_weather", "Weather for a city", Json.parse(
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}")),
            Tool.custom("get_time", "Time in a zone", Json.parse(
                "{\"type\":\"object\",\"properties\":{\"tz\":{\"type\":\"string\"}}}"))))
        .build();
  }

  private void enqueueStream(String body) {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body).build());
  }

  private MessagesResponse streamed() {
    MessageAccumulator acc = new MessageAccumulator();
    try (EventStream<StreamEvent> events = ccr.stream(request(true))) {
      List<StreamEvent> all = events.stream().map(acc::accept).toList();
      assertThat(all.get(0)).isInstanceOf(StreamEvent.MessageStart.class);
      assertThat(all.get(all.size() - 1)).as("a complete stream ends with message_stop").isInstanceOf(StreamEvent.MessageStop.class);
    }
    return acc.message();
  }

  @Test
  void nonStreamText() {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(textReply()).build());

    MessagesResponse r = ccr.send(request(false));

    assertThat(r.text()).isEqualTo("Hello there");
    assertThat(r.stopReason()).isEqualTo("end_turn");
  }

  @Test
  void streamText() {
    enqueueStream(textStream());

    MessagesResponse r = streamed();

    assertThat(r.content()).containsExactly(TextBlock.of("Hello there"));
    assertThat(r.stopReason()).isEqualTo("end_turn");
  }

  @Test
  void streamToolCall() throws Exception {
    enqueueStream(toolCallStream());

    MessagesResponse r = streamed();

    assertThat(r.stopReason()).isEqualTo("tool_use");
    ToolUseBlock call = (ToolUseBlock) r.content().stream().filter(b -> b instanceof ToolUseBlock).findFirst().orElseThrow();
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call.input()).isEqualTo(Json.parse("{\"city\":\"Paris\"}"));
    assertThat(call.id()).matches("[A-Za-z0-9_-]+");
    checkSent(upstream.takeRequest());
  }

  @Test
  void parallelToolCalls() {
    enqueueStream(parallelToolStream());

    MessagesResponse r = streamed();

    List<ToolUseBlock> calls = r.content().stream().filter(b -> b instanceof ToolUseBlock).map(b -> (ToolUseBlock) b).toList();
    assertThat(calls).extracting(ToolUseBlock::name).containsExactly("get_weather", "get_time");
    assertThat(calls.get(1).input()).isEqualTo(Json.parse("{\"tz\":\"CET\"}"));
    assertThat(calls.get(0).id()).isNotEqualTo(calls.get(1).id());
    assertThat(r.stopReason()).isEqualTo("tool_use");
  }

  @Test
  void thinking() {
    enqueueStream(thinkingStream());

    MessagesResponse r = streamed();

    List<ContentBlock> content = r.content();
    ThinkingBlock thought = (ThinkingBlock) content.stream().filter(b -> b instanceof ThinkingBlock
        && !((ThinkingBlock) b).thinking().isEmpty()).findFirst().orElseThrow();
    assertThat(thought.thinking()).isEqualTo("Let me think.");
    assertThat(thought.signature()).isNotEmpty();
    assertThat(content.get(content.size() - 1)).isEqualTo(TextBlock.of("Sunny."));
  }

  @Test
  void errorStatuses() {
    for (int status : new int[] {400, 401, 403, 404, 408, 413, 429, 500, 502, 503, 504, 529}) {
      upstream.enqueue(new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
          .setHeader("Retry-After", "2").body(errorBody(status, "upstream says " + status)).build());

      assertThatThrownBy(() -> ccr.send(request(false)))
          .as("HTTP %d", status)
          .isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).contains("p,m", "upstream says " + status);
            assertThat(e.errorType()).isEqualTo(dev.ccr.CcrException.errorTypeFor(status));
            assertThat(e instanceof RateLimitedException).isEqualTo(status == 429);
          });
    }
  }

  @Test
  void connectionRefused() {
    upstream.close();

    assertThatThrownBy(() -> ccr.send(request(false)))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.getMessage()).contains("cannot reach p at");
          assertThat(e.retryable()).isTrue();
        });
  }
}
