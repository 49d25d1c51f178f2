package dev.ccr.transformers.openai.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.model.DocumentBlock;
import dev.ccr.model.ImageBlock;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.TextBlock;
import dev.ccr.model.ToolResultBlock;
import dev.ccr.model.ToolUseBlock;
import org.junit.jupiter.api.Test;

class ChatRequestReaderTest {
  static MessagesRequest read(String json) {
    return ChatRequestReader.read(Json.parse(json).asObject());
  }

  static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

  @Test
  void maxCompletionTokensWinsOverMaxTokensAndADefaultFillsTheGap() {
    assertThat(read("{\"model\":\"m\",\"max_tokens\":10,\"max_completion_tokens\":20," + HI + "}").maxTokens()).isEqualTo(20);
    assertThat(read("{\"model\":\"m\",\"max_tokens\":10," + HI + "}").maxTokens()).isEqualTo(10);
    assertThat(read("{\"model\":\"m\",\"max_tokens\":null," + HI + "}").maxTokens())
        .isEqualTo(ChatRequestReader.DEFAULT_MAX_TOKENS);
  }

  @Test
  void reasoningEffortIsThinkingThatFitsUnderMaxTokens() {
    MessagesRequest unlimited = read("{\"model\":\"m\",\"reasoning_effort\":\"medium\"," + HI + "}");
    assertThat(unlimited.thinking().budgetTokens()).isEqualTo(8192);
    assertThat(unlimited.maxTokens()).isEqualTo(8192 + ChatRequestReader.DEFAULT_MAX_TOKENS); // room to answer too
    MessagesRequest limited = read("{\"model\":\"m\",\"reasoning_effort\":\"high\",\"max_tokens\":5000," + HI + "}");
    assertThat(limited.thinking().budgetTokens()).isEqualTo(2500);
    assertThat(limited.maxTokens()).isEqualTo(5000);
    assertThat(read("{\"model\":\"m\",\"reasoning_effort\":\"low\",\"max_tokens\":500," + HI + "}").thinking()).isNull();
    assertThat(read("{\"model\":\"m\",\"reasoning_effort\":\"none\"," + HI + "}").thinking()).isNull();
  }

  @Test
  void thinkingIsNotSentInsideAToolLoopButIsAfterAPlainAnswer() {
    String loop = "{\"model\":\"m\",\"reasoning_effort\":\"low\",\"messages\":[{\"role\":\"user\",\"content\":\"go\"},"
        + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"ok\"}]}";
    MessagesRequest inLoop = read(loop);
    assertThat(inLoop.isThinking()).isTrue(); // what routing sees
    assertThat(ChatRequestReader.sendable(inLoop).isThinking()).isFalse();
    MessagesRequest plain = read("{\"model\":\"m\",\"reasoning_effort\":\"low\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"},{\"role\":\"user\",\"content\":\"c\"}]}");
    assertThat(ChatRequestReader.sendable(plain)).isSameAs(plain);
  }

  @Test
  void stopUserAndParallelToolCallsCarryOver() {
    MessagesRequest r = read("{\"model\":\"m\",\"stop\":[\"a\",\"b\"],\"user\":\"u-1\",\"parallel_tool_calls\":false,"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":{\"type\":\"function\","
        + "\"function\":{\"name\":\"f\"}}," + HI + "}");
    assertThat(r.stopSequences()).containsExactly("a", "b");
    assertThat(r.metadata().userId()).isEqualTo("u-1");
    assertThat(r.toolChoice().type()).isEqualTo("tool");
    assertThat(r.toolChoice().name()).isEqualTo("f");
    assertThat(r.toolChoice().disableParallelToolUse()).isTrue();
    assertThat(r.tools().get(0).inputSchema()).isEqualTo(Json.parse("{\"type\":\"object\",\"properties\":{}}"));
  }

  @Test
  void jsonSchemaResponseFormatIsAnInstructionNamingTheSchema() {
    MessagesRequest r = read("{\"model\":\"m\",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":"
        + "\"city\",\"schema\":{\"type\":\"object\",\"required\":[\"name\"]}}}," + HI + "}");
    String system = r.system().text();
    assertThat(system).contains("\"city\"", "{\"type\":\"object\",\"required\":[\"name\"]}");
  }

  @Test
  void toolMessagesAndTheUserTurnAfterThemAreOneUserTurn() {
    MessagesRequest r = read("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"go\"},"
        + "{\"role\":\"assistant\",\"content\":\"Calling.\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":[{\"type\":\"text\",\"text\":\"done\"}]},"
        + "{\"role\":\"user\",\"content\":\"next\"}]}");
    assertThat(r.messages()).hasSize(3);
    assertThat(r.messages().get(1).content().blocks()).hasSize(2);
    assertThat(((TextBlock) r.messages().get(1).content().blocks().get(0)).text()).isEqualTo("Calling.");
    assertThat(((ToolUseBlock) r.messages().get(1).content().blocks().get(1)).input()).isEqualTo(JsonObject.of());
    ToolResultBlock result = (ToolResultBlock) r.messages().get(2).content().blocks().get(0);
    assertThat(result.toolUseId()).isEqualTo("c1");
    assertThat(result.content().text()).isEqualTo("done");
    assertThat(((TextBlock) r.messages().get(2).content().blocks().get(1)).text()).isEqualTo("next");
  }

  @Test
  void pdfFileDataIsADocumentAndImageUrlsAreImageSources() {
    MessagesRequest r = read("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"file\",\"file\":{\"filename\":\"a.pdf\",\"file_data\":\"data:application/pdf;base64,JVBER\"}},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/jpeg;base64,/9j/\"}}]}]}");
    DocumentBlock doc = (DocumentBlock) r.messages().get(0).content().blocks().get(0);
    assertThat(doc.source().getString("data")).isEqualTo("JVBER");
    assertThat(doc.title()).isEqualTo("a.pdf");
    ImageBlock image = (ImageBlock) r.messages().get(0).content().blocks().get(1);
    assertThat(image.source().mediaType()).isEqualTo("image/jpeg");
    assertThat(image.source().data()).isEqualTo("/9j/");
  }

  @Test
  void whatCannotBeCarriedIsRefusedNamingTheParam() {
    assertThatThrownBy(() -> read("{\"model\":\"m\",\"n\":3," + HI + "}"))
        .isInstanceOfSatisfying(ChatRequestException.class, e -> assertThat(e.param()).isEqualTo("n"));
    assertThatThrownBy(() -> read("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\","
        + "\"input_audio\":{}}]}]}"))
        .isInstanceOfSatisfying(ChatRequestException.class, e -> {
          assertThat(e.param()).isEqualTo("messages[0].content[0].type");
          assertThat(e.getMessage()).contains("audio");
        });
    assertThatThrownBy(() -> read("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"only a system prompt\"}]}"))
        .isInstanceOfSatisfying(ChatRequestException.class, e -> assertThat(e.param()).isEqualTo("messages"));
    assertThatThrownBy(() -> read("{\"model\":\"m\",\"messages\":[{\"role\":\"function\",\"name\":\"f\",\"content\":\"x\"}]}"))
        .isInstanceOfSatisfying(ChatRequestException.class, e -> assertThat(e.param()).isEqualTo("messages[0].role"));
    assertThatThrownBy(() -> read("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
        + "\"image_url\":{\"url\":\"data:image/png,notbase64\"}}]}]}"))
        .isInstanceOfSatisfying(ChatRequestException.class, e -> assertThat(e.param())
            .isEqualTo("messages[0].content[0].image_url.url"));
  }
}
