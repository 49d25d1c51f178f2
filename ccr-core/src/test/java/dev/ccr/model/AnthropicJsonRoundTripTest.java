package dev.ccr.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AnthropicJsonRoundTripTest {
  static final List<String> CAPTURES = Fixtures.CLAUDE_CODE;

  @ParameterizedTest
  @FieldSource("CAPTURES")
  void claudeCodeCaptureSurvivesDecodeEncode(String name) {
    JsonObject body = Fixtures.claudeCodeBody(name);

    MessagesRequest request = AnthropicJson.request(body);
    JsonValue written = Json.parse(AnthropicJson.write(request));

    assertThat(written).isEqualTo(body);
    // The capture's modelled parts were really modelled, not carried as one opaque extra.
    assertThat(request.messages()).anySatisfy(m -> assertThat(m.isSystem()).isTrue());
    assertThat(request.tools()).hasSize(12);
    assertThat(request.thinking().type()).isEqualTo("adaptive");
    assertThat(request.thinking().extra().getString("display")).isEqualTo("omitted");
    assertThat(request.extra().members()).containsOnlyKeys("context_management", "output_config");
    assertThat(request.maxTokens()).isEqualTo(128000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"request-unknowns-everywhere", "request-explicit-nulls"})
  void handMadeRequestsKeepEveryMember(String name) {
    JsonValue original = Json.parse(Fixtures.text("roundtrip/" + name + ".json"));

    String written = AnthropicJson.write(AnthropicJson.request(original));

    assertThat(Json.parse(written)).isEqualTo(original);
  }

  @Test
  void unknownsAreModelledWhereKnownAndKeptWhereNot() {
    MessagesRequest r = AnthropicJson.readRequest(Fixtures.text("roundtrip/request-unknowns-everywhere.json"));

    List<ContentBlock> user = r.messages().get(1).content().blocks();
    assertThat(user).extracting(ContentBlock::type)
        .containsExactly("text", "image", "image", "image", "document", "document", "hologram");
    assertThat(user.get(6)).isInstanceOf(UnknownBlock.class);
    assertThat(((TextBlock) user.get(0)).extra().getObject("cache_control").getString("ttl")).isEqualTo("1h");
    assertThat(((ImageBlock) user.get(1)).source().mediaType()).isEqualTo("image/png");
    assertThat(((ImageBlock) user.get(2)).source().url()).isEqualTo("https://example.com/a.png");
    assertThat(((DocumentBlock) user.get(4)).sourceType()).isEqualTo("text");

    List<ContentBlock> assistant = r.messages().get(2).content().blocks();
    assertThat(assistant).extracting(ContentBlock::getClass).containsExactly(
        ThinkingBlock.class, RedactedThinkingBlock.class, TextBlock.class, ToolUseBlock.class,
        ServerToolUseBlock.class, WebSearchToolResultBlock.class);
    assertThat(((ThinkingBlock) assistant.get(0)).signature()).isEqualTo("sig==");

    ToolResultBlock withBlocks = (ToolResultBlock) r.messages().get(3).content().blocks().get(1);
    assertThat(withBlocks.error()).isTrue();
    assertThat(withBlocks.content().blocks()).extracting(ContentBlock::type).containsExactly("text", "image");
    assertThat(((ToolResultBlock) r.messages().get(3).content().blocks().get(2)).content()).isNull();

    assertThat(r.tools()).extracting(Tool::isServerTool).containsExactly(false, false, false, true);
    assertThat(r.tools().get(3).isWebSearch()).isTrue();
    assertThat(r.tools().get(1).extra().getBoolean("defer_loading")).isTrue();
    assertThat(r.toolChoice().disableParallelToolUse()).isTrue();
    assertThat(r.thinking().budgetTokens()).isEqualTo(2048);
    assertThat(r.temperature()).isEqualTo(1.0);
    assertThat(r.topK()).isEqualTo(40);
    assertThat(r.stopSequences()).containsExactly("\n\nHuman:", "END");
    assertThat(r.system().blocks()).hasSize(2);
  }

  @Test
  void integersStayIntegersInTheWrittenText() {
    String in = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\","
        + "\"name\":\"n\",\"input\":{\"n\":3,\"big\":12345678901234567890,\"f\":2.50}}]}],"
        + "\"max_tokens\":1024,\"temperature\":1,\"top_p\":0.5,\"x\":7}";

    String out = AnthropicJson.write(AnthropicJson.readRequest(in));

    assertThat(out)
        .contains("\"n\":3,", "\"big\":12345678901234567890", "\"f\":2.50", "\"max_tokens\":1024",
            "\"temperature\":1,", "\"top_p\":0.5", "\"x\":7")
        .doesNotContain("3.0", "1024.0", "7.0");
  }

  @Test
  void responseKeepsEveryMemberAndAlwaysWritesStopFields() {
    JsonValue original = Json.parse(Fixtures.text("roundtrip/response-full.json"));

    MessagesResponse response = AnthropicJson.response(original);

    assertThat(Json.parse(AnthropicJson.write(response))).isEqualTo(original);
    assertThat(response.usage().cacheReadInputTokens()).isEqualTo(100);
    assertThat(response.content().get(3)).isInstanceOf(UnknownBlock.class);

    MessagesResponse bare = new MessagesResponse("msg_x", null, "m", List.of(TextBlock.of("hi")), null, null,
        Usage.of(1, 2), JsonObject.of());
    JsonObject written = (JsonObject) Json.parse(AnthropicJson.write(bare));
    assertThat(written.has("stop_reason")).isTrue();
    assertThat(written.get("stop_sequence").isNull()).isTrue();
    assertThat(written.getString("type")).isEqualTo("message");
    assertThat(written.getString("role")).isEqualTo("assistant");
  }

  @Test
  void everyStreamEventWritesAsOneServerSentEvent() throws Exception {
    for (String line : Fixtures.text("roundtrip/events.jsonl").lines().filter(l -> !l.isBlank()).toList()) {
      StreamEvent event = AnthropicJson.readEvent(line);
      okio.Buffer frame = new okio.Buffer();
      AnthropicJson.writeSse(event, frame);
      assertThat(frame.readUtf8()).isEqualTo("event: " + event.type() + "\ndata: " + AnthropicJson.write(event) + "\n\n");
    }
  }

  @Test
  void everyStreamEventSurvivesDecodeEncode() {
    List<String> lines = Fixtures.text("roundtrip/events.jsonl").lines().filter(l -> !l.isBlank()).toList();
    for (String line : lines) {
      JsonValue original = Json.parse(line);
      StreamEvent event = AnthropicJson.event(original);
      assertThat(Json.parse(AnthropicJson.write(event))).as(line).isEqualTo(original);
    }
    List<String> types = lines.stream().map(l -> AnthropicJson.readEvent(l).getClass().getSimpleName()).toList();
    assertThat(types).containsExactly("MessageStart", "Ping", "ContentBlockStart", "ContentBlockDelta",
        "ContentBlockDelta", "ContentBlockStop", "ContentBlockStart", "ContentBlockDelta", "ContentBlockDelta",
        "ContentBlockStart", "ContentBlockDelta", "ContentBlockDelta", "MessageDelta", "MessageStop", "Error",
        "Unknown");
  }

  @Test
  void deltasAreTyped() {
    StreamEvent.ContentBlockDelta sig = (StreamEvent.ContentBlockDelta) AnthropicJson.readEvent(
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQB\"}}");
    assertThat(sig.delta()).isEqualTo(new Delta.Signature("EqQB"));

    StreamEvent.MessageDelta md = (StreamEvent.MessageDelta) AnthropicJson.readEvent(
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":5}}");
    assertThat(md.stopReason()).isEqualTo("end_turn");
    assertThat(md.usage().outputTokens()).isEqualTo(5);
  }

  @Test
  void errorEnvelopeIsAnthropicShaped() {
    String json = AnthropicJson.writeError(ApiError.of("rate_limit_error", "slow down"));

    assertThat(Json.parse(json)).isEqualTo(Json.parse(
        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}"));
    assertThat(AnthropicJson.readError(json)).isEqualTo(ApiError.of("rate_limit_error", "slow down"));
  }
}
