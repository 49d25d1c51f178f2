package dev.ccr.transformers.openai.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.model.ApiError;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCompletionWriterTest {
  @Test
  void argumentsThatWereNotJsonGoBackAsTheyCameAndContentIsNullBesideToolCalls() {
    MessagesResponse m = new MessagesResponse("msg_1", "assistant", "m", List.of(
        new ToolUseBlock("t1", "f", Json.parse("{\"_raw_arguments\":\"city=Rome\"}"), JsonObject.of()),
        new ToolUseBlock("t2", "f", Json.parse("{\"city\":\"Oslo\"}"), JsonObject.of())),
        "tool_use", null, Usage.of(1, 2), JsonObject.of());

    JsonObject message = ChatCompletionWriter.completion(m, "chatcmpl-1", 7).getArray("choices").get(0).asObject()
        .getObject("message");

    assertThat(message.get("content").isNull()).isTrue();
    assertThat(message.getArray("tool_calls").get(0).asObject().getObject("function").getString("arguments"))
        .isEqualTo("city=Rome");
    assertThat(message.getArray("tool_calls").get(1).asObject().getObject("function").getString("arguments"))
        .isEqualTo("{\"city\":\"Oslo\"}");
  }

  @Test
  void stopReasonsMapToFinishReasons() {
    for (String[] c : new String[][] {{"end_turn", "stop"}, {"stop_sequence", "stop"}, {"max_tokens", "length"},
        {"tool_use", "tool_calls"}, {"refusal", "content_filter"}}) {
      MessagesResponse m = new MessagesResponse("msg_1", "assistant", "m", List.of(), c[0], null, null, JsonObject.of());
      assertThat(ChatCompletionWriter.completion(m, "c", 0).getArray("choices").get(0).asObject().getString("finish_reason"))
          .as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void errorsCarryOpenAisTypeAndCcrsReasonAsCode() {
    JsonObject auth = ChatCompletionWriter.error(401, ApiError.of("authentication_error", "invalid x-api-key"), null)
        .getObject("error");
    assertThat(auth.getString("type")).isEqualTo("invalid_request_error");
    assertThat(auth.getString("code")).isEqualTo("invalid_api_key");
    assertThat(auth.get("param").isNull()).isTrue();
    JsonObject limited = ChatCompletionWriter.error(429, ApiError.of("rate_limit_error", "slow down"), null).getObject("error");
    assertThat(limited.getString("type")).isEqualTo("rate_limit_error");
    JsonObject bad = ChatCompletionWriter.error(400, ApiError.of("invalid_request_error", "n: no"), "n").getObject("error");
    assertThat(bad.getString("param")).isEqualTo("n");
  }
}
