package dev.ccr.transformers.openai.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.JsonObject;
import dev.ccr.model.ApiError;
import dev.ccr.model.Delta;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.TextBlock;
import dev.ccr.model.ThinkingBlock;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.model.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatChunkWriterTest {
  final List<JsonObject> out = new ArrayList<>();

  static StreamEvent start() {
    return new StreamEvent.MessageStart(new MessagesResponse("msg_1", "assistant", "m", List.of(), null, null,
        Usage.of(5, 0), JsonObject.of()));
  }

  static JsonObject delta(JsonObject chunk) {
    return chunk.getArray("choices").get(0).asObject().getObject("delta");
  }

  @Test
  void thinkingIsReasoningContentAndTwoToolCallsGetTheirOwnIndexes() {
    ChatChunkWriter w = new ChatChunkWriter("chatcmpl-1", 42, false);
    for (StreamEvent e : List.of(start(),
        new StreamEvent.ContentBlockStart(0, new ThinkingBlock("", null, JsonObject.of())),
        new StreamEvent.ContentBlockDelta(0, new Delta.Thinking("hmm")),
        new StreamEvent.ContentBlockDelta(0, new Delta.Signature("sig")),
        new StreamEvent.ContentBlockStart(1, new ToolUseBlock("t1", "a", JsonObject.of(), JsonObject.of())),
        new StreamEvent.ContentBlockDelta(1, new Delta.InputJson("{}")),
        new StreamEvent.ContentBlockStart(2, new ToolUseBlock("t2", "b", JsonObject.of(), JsonObject.of())),
        new StreamEvent.ContentBlockDelta(2, new Delta.InputJson("{\"x\":1}")),
        new StreamEvent.MessageDelta("tool_use", Usage.of(5, 7)), new StreamEvent.MessageStop())) {
      w.write(e, out::add);
    }

    assertThat(delta(out.get(0)).getString("role")).isEqualTo("assistant");
    assertThat(delta(out.get(1)).getString("reasoning_content")).isEqualTo("hmm");
    assertThat(out).hasSize(7); // role, reasoning, 2 x (open, arguments), finish; no usage chunk unasked
    assertThat(delta(out.get(2)).getArray("tool_calls").get(0).asObject().get("index").toJson()).isEqualTo("0");
    assertThat(delta(out.get(4)).getArray("tool_calls").get(0).asObject().get("index").toJson()).isEqualTo("1");
    assertThat(delta(out.get(5)).getArray("tool_calls").get(0).asObject().getObject("function").getString("arguments"))
        .isEqualTo("{\"x\":1}");
    assertThat(out.get(6).getArray("choices").get(0).asObject().getString("finish_reason")).isEqualTo("tool_calls");
    assertThat(out).allSatisfy(c -> {
      assertThat(c.getString("id")).isEqualTo("chatcmpl-1");
      assertThat(c.has("usage")).isFalse();
    });
    assertThat(w.finished()).isTrue();
    assertThat(w.failed()).isFalse();
  }

  @Test
  void withIncludeUsageEveryChunkHasNullUsageAndTheLastHasTheTotals() {
    ChatChunkWriter w = new ChatChunkWriter("c", 1, true);
    for (StreamEvent e : List.of(start(), new StreamEvent.ContentBlockStart(0, TextBlock.of("")),
        new StreamEvent.ContentBlockDelta(0, new Delta.Text("Hi")), new StreamEvent.MessageDelta("max_tokens",
            new Usage(null, 3, null, 2, JsonObject.of())), new StreamEvent.MessageStop())) {
      w.write(e, out::add);
    }
    JsonObject last = out.get(out.size() - 1);
    assertThat(last.getArray("choices").isEmpty()).isTrue();
    assertThat(last.getObject("usage").get("prompt_tokens").toJson()).isEqualTo("7");
    assertThat(last.getObject("usage").getObject("prompt_tokens_details").get("cached_tokens").toJson()).isEqualTo("2");
    assertThat(out.subList(0, out.size() - 1)).allSatisfy(c -> assertThat(c.get("usage").isNull()).isTrue());
    assertThat(out.get(out.size() - 2).getArray("choices").get(0).asObject().getString("finish_reason")).isEqualTo("length");
  }

  @Test
  void aStreamThatStopsWithoutAStopReasonStillFinishesOnce() {
    ChatChunkWriter w = new ChatChunkWriter("c", 1, false);
    for (StreamEvent e : List.of(start(), new StreamEvent.MessageDelta(null, Usage.of(5, 1)),
        new StreamEvent.MessageStop())) {
      w.write(e, out::add);
    }
    assertThat(out).hasSize(2);
    assertThat(out.get(1).getArray("choices").get(0).asObject().getString("finish_reason")).isEqualTo("stop");
  }

  @Test
  void anErrorEventIsAnErrorChunkAndNothingFollows() {
    ChatChunkWriter w = new ChatChunkWriter("c", 1, true);
    w.write(start(), out::add);
    w.write(new StreamEvent.Error(ApiError.of("overloaded_error", "Overloaded")), out::add);
    w.write(new StreamEvent.MessageStop(), out::add);
    assertThat(out).hasSize(2);
    JsonObject error = out.get(1).getObject("error");
    assertThat(error.getString("message")).isEqualTo("Overloaded");
    assertThat(error.getString("code")).isEqualTo("overloaded_error");
    assertThat(w.failed()).isTrue();
  }
}
