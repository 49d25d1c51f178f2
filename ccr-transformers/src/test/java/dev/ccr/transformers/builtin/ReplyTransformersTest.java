package dev.ccr.transformers.builtin;

import static dev.ccr.transformers.builtin.Harness.delta;
import static dev.ccr.transformers.builtin.Harness.finish;
import static dev.ccr.transformers.builtin.Harness.sse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.TextBlock;
import dev.ccr.model.ThinkingBlock;
import dev.ccr.model.ToolUseBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyTransformersTest {
  static final String TOOLS = "{\"model\":\"m\",\"messages\":[],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"Bash\"}}]}";

  static String completion(String message, String finish) {
    return "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":" + message + ",\"finish_reason\":\""
        + finish + "\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}";
  }

  @Test
  void exitToolCallComesBackAsText() throws Exception {
    MessagesResponse r = new Harness("tooluse", null).json(Harness.chat(TOOLS, false), completion(
        "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":"
            + "{\"name\":\"ExitTool\",\"arguments\":\"{\\\"response\\\":\\\"All done.\\\"}\"}}]}", "tool_calls"));

    assertThat(r.content()).containsExactly(TextBlock.of("All done."));
    assertThat(r.stopReason()).isEqualTo("end_turn");
  }

  @Test
  void exitToolInAStreamComesBackAsTextAndOtherToolsPass() throws Exception {
    Harness h = new Harness("tooluse", null);
    List<StreamEvent> exit = h.events(Harness.chat(TOOLS, true), sse(
        delta("{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"ExitTool\",\"arguments\":\"\"}}]}"),
        delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"response\\\":\"}}]}"),
        delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Hi!\\\"}\"}}]}"),
        finish("tool_calls")));
    List<StreamEvent> other = h.events(Harness.chat(TOOLS, true), sse(
        delta("{\"tool_calls\":[{\"index\":0,\"id\":\"c2\",\"type\":\"function\",\"function\":{\"name\":\"Bash\",\"arguments\":\"{}\"}}]}"),
        finish("tool_calls")));

    MessagesResponse m = Harness.accumulate(exit);
    assertThat(m.content()).containsExactly(TextBlock.of("Hi!"));
    assertThat(m.stopReason()).isEqualTo("end_turn");
    assertThat(Harness.accumulate(other).content()).singleElement().isInstanceOf(ToolUseBlock.class);
    assertThat(Harness.accumulate(other).stopReason()).isEqualTo("tool_use");
  }

  @Test
  void enhancetoolRepairsArgumentsInAJsonReply() throws Exception {
    MessagesResponse r = new Harness("enhancetool", null).json(Harness.chat(TOOLS, false), completion(
        "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":"
            + "{\"name\":\"Bash\",\"arguments\":\"{'command': 'ls -la', timeout: 120000,}\"}}]}", "tool_calls"));

    assertThat(((ToolUseBlock) r.content().get(0)).input())
        .isEqualTo(Json.parse("{\"command\":\"ls -la\",\"timeout\":120000}"));
  }

  @Test
  void enhancetoolRepairsStreamedArgumentsWhileTextStreamsLive() throws Exception {
    List<StreamEvent> events = new Harness("enhancetool", null).events(Harness.chat(TOOLS, true), sse(
        delta("{\"content\":\"Running \"}"),
        delta("{\"content\":\"it.\"}"),
        delta("{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"Bash\",\"arguments\":\"{'comm\"}}]}"),
        delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"and': 'ls',\"}}]}"),
        delta("{\"tool_calls\":[{\"index\":1,\"id\":\"c2\",\"type\":\"function\",\"function\":{\"name\":\"Bash\",\"arguments\":\"{\\\"command\\\": \\\"pwd\"}}]}"),
        finish("tool_calls")));

    List<String> deltas = events.stream().filter(e -> e instanceof StreamEvent.ContentBlockDelta)
        .map(e -> ((StreamEvent.ContentBlockDelta) e).delta().type() + ":" + dev.ccr.model.AnthropicJson.write(e)).toList();
    assertThat(deltas.get(0)).startsWith("text_delta").contains("Running ");
    assertThat(deltas.get(1)).startsWith("text_delta").contains("it.");
    MessagesResponse m = Harness.accumulate(events);
    assertThat(m.content()).extracting(ContentBlock::type).containsExactly("text", "tool_use", "tool_use");
    assertThat(((ToolUseBlock) m.content().get(1)).input()).isEqualTo(Json.parse("{\"command\":\"ls\"}"));
    assertThat(((ToolUseBlock) m.content().get(2)).input()).isEqualTo(Json.parse("{\"command\":\"pwd\"}"));
    assertThat(m.stopReason()).isEqualTo("tool_use");
  }

  @Test
  void extrathinktagMovesInlineThinkingOutOfAJsonReply() throws Exception {
    MessagesResponse r = new Harness("extrathinktag", null).json(Harness.chat(TOOLS, false), completion(
        "{\"role\":\"assistant\",\"content\":\"<think>\\nweigh options\\n</think>\\n\\nThe answer.\"}", "stop"));

    assertThat(r.content()).hasSize(2);
    assertThat(((ThinkingBlock) r.content().get(0)).thinking()).isEqualTo("\nweigh options\n");
    assertThat(r.content().get(1)).isEqualTo(TextBlock.of("The answer."));
  }

  @Test
  void extrathinktagHandlesTagsSplitAnywhereAcrossChunks() throws Exception {
    String content = "<think>Plan: a < b, not </thin.</think>\n\nDone <think> literally.";
    for (int i = 1; i < content.length(); i++) {
      for (int j = i + 1; j < content.length(); j += 3) {
        String[] parts = {content.substring(0, i), content.substring(i, j), content.substring(j)};
        List<StreamEvent> events = new Harness("extrathinktag", null).events(Harness.chat(TOOLS, true), sse(
            delta("{\"content\":" + Json.write(dev.ccr.json.JsonString.of(parts[0])) + "}"),
            delta("{\"content\":" + Json.write(dev.ccr.json.JsonString.of(parts[1])) + "}"),
            delta("{\"content\":" + Json.write(dev.ccr.json.JsonString.of(parts[2])) + "}"),
            finish("stop")));
        MessagesResponse m = Harness.accumulate(events, i == 1 && j == 2);
        assertThat(m.content()).as("split at %d,%d", i, j).hasSize(2);
        assertThat(((ThinkingBlock) m.content().get(0)).thinking()).isEqualTo("Plan: a < b, not </thin.");
        assertThat(((TextBlock) m.content().get(1)).text()).isEqualTo("Done <think> literally.");
      }
    }
  }

  @Test
  void extrathinktagLeavesOrdinaryTextAlone() throws Exception {
    List<StreamEvent> events = new Harness("extrathinktag", null).events(Harness.chat(TOOLS, true), sse(
        delta("{\"content\":\"<b>bold</b>\"}"), delta("{\"content\":\" <think>no</think>\"}"), finish("stop")));

    assertThat(Harness.accumulate(events).content()).containsExactly(TextBlock.of("<b>bold</b> <think>no</think>"));
  }
}
