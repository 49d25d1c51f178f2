package dev.ccr.providers.responses;

import static dev.ccr.providers.responses.ResponsesBodies.USAGE;
import static dev.ccr.providers.responses.ResponsesBodies.callItem;
import static dev.ccr.providers.responses.ResponsesBodies.messageItem;
import static dev.ccr.providers.responses.ResponsesBodies.reasoningItem;
import static dev.ccr.providers.responses.ResponsesBodies.response;
import static dev.ccr.providers.responses.ResponsesBodies.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.EventStream;
import dev.ccr.ProviderException;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.model.Content;
import dev.ccr.model.Message;
import dev.ccr.model.MessageAccumulator;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.Thinking;
import dev.ccr.model.ThinkingBlock;
import dev.ccr.model.Tool;
import dev.ccr.model.ToolResultBlock;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.testing.FakeClock;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Whole exchanges with a Responses API stand-in: tool round trips, failures, truncation, JSON replies. */
class ResponsesExchangeTest {
  MockWebServer upstream;
  ClaudeCodeRouter ccr;
  final FakeClock clock = new FakeClock();

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    // The original's entry, pointed at the stand-in; two tries so a failure before any output can be retried.
    ccr = ClaudeCodeRouter.builder().clock(clock).config(CcrConfig.parse("{RETRY: {attempts: 2}, Providers: [{name: 'openai',"
        + " api_base_url: '" + upstream.url("/v1/responses") + "', api_key: 'sk-test', models: ['gpt-5-codex'],"
        + " transformer: {use: ['openai-responses']}}], Router: {default: 'openai,gpt-5-codex'}}")).build();
  }

  @AfterEach
  void stop() {
    ccr.close();
    upstream.close();
  }

  void enqueueStream(String body) {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body).build());
  }

  void enqueueJson(String body) {
    upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(body).build());
  }

  static MessagesRequest.Builder weather(boolean stream) {
    return MessagesRequest.builder().model("claude-sonnet-4-5").maxTokens(4096).stream(stream)
        .thinking(new Thinking("enabled", 2048, null))
        .addMessage(Message.user("Weather in Paris?"))
        .tools(List.of(Tool.custom("get_weather", "Weather for a city", Json.parse(
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"))));
  }

  List<StreamEvent> streamed(MessagesRequest request, MessageAccumulator acc) {
    try (EventStream<StreamEvent> events = ccr.stream(request)) {
      return events.stream().map(acc::accept).toList();
    }
  }

  JsonObject sentBody() throws InterruptedException {
    return (JsonObject) Json.parse(upstream.takeRequest().getBody().utf8());
  }

  @Test
  void reasoningStateSurvivesAToolRoundTrip() throws Exception {
    enqueueStream(stream().reasoning(0, "rs_1", "gAAAAB-state-1", "Need the ", "weather.")
        .call(1, "fc_1", "call_w1", "get_weather", "{\"city\":", "\"Paris\"}")
        .completed("[" + reasoningItem("rs_1", "Need the weather.", "gAAAAB-state-1") + ","
            + callItem("fc_1", "call_w1", "get_weather", "{\"city\":\"Paris\"}", "completed") + "]", USAGE));
    MessageAccumulator first = new MessageAccumulator();
    streamed(weather(true).build(), first);
    MessagesResponse turn = first.message();
    assertThat(turn.stopReason()).isEqualTo("tool_use");
    assertThat(((ThinkingBlock) turn.content().get(0)).thinking()).isEqualTo("Need the weather.");
    ToolUseBlock call = (ToolUseBlock) turn.content().get(1);
    assertThat(call.id()).isEqualTo("call_w1");

    enqueueStream(stream().text(0, "msg_2", "Sunny, ", "18C.")
        .completed("[" + messageItem("msg_2", "Sunny, 18C.", "completed") + "]", USAGE));
    MessagesRequest next = weather(true)
        .addMessage(new Message("assistant", Content.of(turn.content()), null))
        .addMessage(Message.of("user", new ToolResultBlock("call_w1", Content.of("18C"), null, null)))
        .build();
    MessageAccumulator second = new MessageAccumulator();
    streamed(next, second);

    assertThat(second.message().text()).isEqualTo("Sunny, 18C.");
    JsonObject firstBody = sentBody();
    assertThat(firstBody.getObject("reasoning")).isEqualTo(Json.parse("{\"effort\":\"low\",\"summary\":\"auto\"}"));
    JsonArray input = sentBody().getArray("input");
    assertThat(input.elements().subList(1, 4)).containsExactly(
        Json.parse("{\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"Need the weather.\"}],"
            + "\"encrypted_content\":\"gAAAAB-state-1\"}"),
        Json.parse("{\"type\":\"function_call\",\"call_id\":\"call_w1\",\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}"),
        Json.parse("{\"type\":\"function_call_output\",\"call_id\":\"call_w1\",\"output\":\"18C\"}"));
  }

  @Test
  void aFailureMidStreamEndsTheStreamWithAnErrorEvent() {
    enqueueStream(stream().text(0, "msg_1", "Partial").failed("server_error", "The model crashed"));

    List<StreamEvent> events = streamed(weather(true).build(), new MessageAccumulator());

    assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(StreamEvent.Error.class,
        e -> assertThat(e.error().message()).contains("openai,gpt-5-codex", "The model crashed"));
    assertThat(events).noneMatch(e -> e instanceof StreamEvent.MessageStop);
    assertThat(upstream.getRequestCount()).as("text had reached the client: no retry").isEqualTo(1);
  }

  @Test
  void aFailureBeforeAnyOutputIsRetried() {
    enqueueStream(stream().failed("server_error", "Try again"));
    enqueueStream(stream().text(0, "msg_1", "Hello").completed("[" + messageItem("msg_1", "Hello", "completed") + "]", USAGE));

    MessageAccumulator acc = new MessageAccumulator();
    List<StreamEvent> events = streamed(weather(true).build(), acc);

    assertThat(acc.message().text()).isEqualTo("Hello");
    assertThat(events).noneMatch(e -> e instanceof StreamEvent.Error);
    assertThat(upstream.getRequestCount()).isEqualTo(2);
  }

  @Test
  void anErrorEventBeforeAnyOutputIsAProviderErrorWithItsStatus() {
    enqueueStream(stream().error("invalid_prompt", "Your prompt was flagged"));

    assertThatThrownBy(() -> streamed(weather(true).build(), new MessageAccumulator()))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).contains("openai,gpt-5-codex", "Your prompt was flagged");
          assertThat(e.retryable()).isFalse();
        });
    assertThat(upstream.getRequestCount()).as("a bad prompt is not retried").isEqualTo(1);
  }

  @Test
  void anIncompleteResponseStopsForMaxTokens() {
    enqueueStream(stream().text(0, "msg_1", "Once upon").incomplete("[" + messageItem("msg_1", "Once upon", "incomplete") + "]",
        "max_output_tokens"));

    MessageAccumulator acc = new MessageAccumulator();
    streamed(weather(true).build(), acc);

    assertThat(acc.message().stopReason()).isEqualTo("max_tokens");
    assertThat(acc.message().text()).isEqualTo("Once upon");
  }

  @Test
  void aStreamCutBeforeItsEndIsAnErrorEvent() {
    enqueueStream(stream().text(0, "msg_1", "Hel").toString()); // no terminal event: the connection closed

    List<StreamEvent> events = streamed(weather(true).build(), new MessageAccumulator());

    assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.Error.class);
  }

  @Test
  void aJsonReplyCarriesSignedReasoningCallsAndUsage() throws Exception {
    enqueueJson(response("completed", "[" + reasoningItem("rs_1", "Plan.", "gAAAAB-enc") + ","
        + callItem("fc_1", "call_1", "get_weather", "{\"city\":\"Paris\"}", "completed") + "]",
        "{\"input_tokens\":100,\"input_tokens_details\":{\"cached_tokens\":60},\"output_tokens\":40,"
            + "\"output_tokens_details\":{\"reasoning_tokens\":30},\"total_tokens\":140}", null));

    MessagesResponse r = ccr.send(weather(false).build());

    assertThat(r.stopReason()).isEqualTo("tool_use");
    assertThat(((ThinkingBlock) r.content().get(0)).signature()).endsWith("gAAAAB-enc");
    assertThat(((ToolUseBlock) r.content().get(1)).input()).isEqualTo(Json.parse("{\"city\":\"Paris\"}"));
    assertThat(r.usage().inputTokens()).isEqualTo(40);
    assertThat(r.usage().cacheReadInputTokens()).isEqualTo(60);
    assertThat(r.usage().outputTokens()).as("reasoning tokens are part of output_tokens").isEqualTo(40);
    JsonObject body = sentBody();
    assertThat(body.has("stream")).isFalse();
    assertThat(body.getBoolean("store")).isFalse();
  }

  @Test
  void aFailedJsonReplyIsAProviderError() {
    enqueueJson("{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"failed\",\"error\":{\"code\":\"server_error\","
        + "\"message\":\"Something broke\"},\"output\":[],\"usage\":null}");
    enqueueJson("{\"id\":\"resp_2\",\"object\":\"response\",\"status\":\"failed\",\"error\":{\"code\":\"server_error\","
        + "\"message\":\"Something broke again\"},\"output\":[],\"usage\":null}");

    assertThatThrownBy(() -> ccr.send(weather(false).build()))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage()).contains("Something broke again"));
    assertThat(upstream.getRequestCount()).as("server errors are retried").isEqualTo(2);
  }
}
