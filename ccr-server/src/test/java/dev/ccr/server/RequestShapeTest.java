package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RequestShapeTest {
  static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

  static byte[] body(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]}|messages: at least one message is required",
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|max_tokens: Field required",
      "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"tool\",\"content\":\"hi\"}]}|messages.0.role: Input should be 'user', 'assistant' or 'system'",
      "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":3,\"content\":\"hi\"}]}|messages.0.role: Input should be 'user', 'assistant' or 'system'",
      "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"content\":\"hi\"}]}|messages.0.role: Field required",
      "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\"}]}|messages.0.content: Field required",
      "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":5}]}|messages.0.content: Input should be a valid string or a list of content blocks",
      "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}]}|messages.0.content.0.type: Field required",
      "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":[\"a\"]}]}|messages.0.content.0: Input should be a valid object",
      "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[\"hi\"]}|messages.0: Input should be a valid object",
      "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"\"}]}|messages.0: all messages must have non-empty content except for the optional final assistant message",
      "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":[]},{\"role\":\"user\",\"content\":\"b\"}]}|messages.1: all messages must have non-empty content except for the optional final assistant message",
      "{\"model\":\"m\",\"max_tokens\":1,\"messages\":{}}|messages: Input should be a valid list",
      "{\"model\":\"m\",\"max_tokens\":1}|messages: Field required",
      "{\"max_tokens\":1,\"messages\":[]}|model: Field required",
      "{\"model\":7,\"max_tokens\":1,\"messages\":[]}|model: Input should be a valid string",
      "{\"model\":\"m\",\"max_tokens\":\"10\"," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|max_tokens: Input should be a valid integer",
      "{\"model\":\"m\",\"max_tokens\":1.5," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|max_tokens: Input should be a valid integer",
      "{\"model\":\"m\",\"max_tokens\":1e999999," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|max_tokens: Input should be a valid integer",
      "{\"model\":\"m\",\"max_tokens\":1e99999999999," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|number out of range: 1e99999999999 at $.max_tokens",
      "{\"model\":\"m\",\"max_tokens\":-1," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|max_tokens: Input should be greater than or equal to 0",
      "{\"model\":\"m\",\"max_tokens\":1,\"stream\":\"yes\"," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|stream: Input should be a valid boolean",
      "{\"model\":\"m\",\"max_tokens\":1,\"temperature\":\"hot\"," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|temperature: Input should be a valid number",
      "{\"model\":\"m\",\"max_tokens\":1,\"temperature\":1e999999," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|temperature: Input should be a finite number",
      "{\"model\":\"m\",\"max_tokens\":1,\"top_k\":2.5," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|top_k: Input should be a valid integer",
      "{\"model\":\"m\",\"max_tokens\":1,\"tools\":{}," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|tools: Input should be a valid list",
      "{\"model\":\"m\",\"max_tokens\":1,\"tools\":[1]," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|tools.0: Input should be a valid object",
      "{\"model\":\"m\",\"max_tokens\":1,\"tools\":[{\"input_schema\":{}}]," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|tools.0.name: Field required",
      "{\"model\":\"m\",\"max_tokens\":1,\"tools\":[{\"name\":\"t\"}]," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|tools.0.input_schema: Field required",
      "{\"model\":\"m\",\"max_tokens\":1,\"tools\":[{\"name\":\"t\",\"input_schema\":[]}]," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|tools.0.input_schema: Input should be a valid object",
      "{\"model\":\"m\",\"max_tokens\":1,\"stop_sequences\":[1]," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|stop_sequences.0: Input should be a valid string",
      "{\"model\":\"m\",\"max_tokens\":1,\"system\":5," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|system: Input should be a valid string or a list of text blocks",
      "{\"model\":\"m\",\"max_tokens\":1,\"system\":[{\"type\":\"image\"}]," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|system.0.type: Input should be 'text'",
      "{\"model\":\"m\",\"max_tokens\":1,\"system\":[{\"type\":\"text\"}]," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|system.0.text: Field required",
      "{\"model\":\"m\",\"max_tokens\":1,\"tool_choice\":\"auto\"," + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|tool_choice: Input should be a valid object",
      "[1]|body: Input should be a valid object",
  })
  void refusesWhatTheApiRefusesWithItsWording(String json, String message) {
    assertThatThrownBy(() -> RequestShape.messages(body(json)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((InvalidRequestException) e).status()).isEqualTo(400));
  }

  @Test
  void countTokensNeedsNoMaxTokensButTheSameMessages() {
    assertThat(RequestShape.countTokens(body("{\"model\":\"m\"," + MESSAGES + "}")).has("model")).isTrue();
    assertThatThrownBy(() -> RequestShape.countTokens(body("{\"model\":\"m\",\"messages\":[]}")))
        .hasMessage("messages: at least one message is required");
  }

  @Test
  void unknownMembersBlockTypesAndNullOptionalsPass() {
    String json = "{\"model\":\"m\",\"max_tokens\":10.0,\"future_flag\":{\"x\":[1]},\"temperature\":null,"
        + "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}],"
        + "\"system\":[{\"type\":\"text\",\"text\":\"s\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"hologram\",\"depth\":3}]},"
        + "{\"role\":\"assistant\",\"content\":\"\"}]}";

    assertThat(RequestShape.messages(body(json)).get("future_flag").toJson()).isEqualTo("{\"x\":[1]}");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"say-hi", "tool-read-turn2"})
  void claudeCodeCapturesPassWithTheirSystemRoleTurns(String capture) {
    byte[] json = body(dev.ccr.testing.Fixtures.claudeCodeBody(capture).toJson());

    assertThat(RequestShape.messages(json).getArray("messages").size()).isPositive();
  }

  @Test
  void zeroMaxTokensPassesAsTheApiAllowsItToWarmTheCache() {
    assertThat(RequestShape.messages(body("{\"model\":\"m\",\"max_tokens\":0," + MESSAGES + "}")).has("model")).isTrue();
  }

  @Test
  void invalidUtf8IsRefusedNotForwardedAsReplacementCharacters() {
    byte[] json = body("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"__\"}]}");
    int at = new String(json, StandardCharsets.ISO_8859_1).indexOf("__");
    json[at] = (byte) 0xC3; // a lead byte followed by '_', not a continuation byte
    assertThatThrownBy(() -> RequestShape.messages(json)).hasMessage("body: the request body is not valid UTF-8");
    byte[] cut = java.util.Arrays.copyOf(body("{\"a\":\"\u20ac"), 8); // the euro sign's last byte is missing
    assertThatThrownBy(() -> RequestShape.messages(cut)).hasMessage("body: the request body is not valid UTF-8");
  }

  @Test
  void longMultiByteTextIsValidUtf8() {
    String text = "\u00e9\u20ac\ud83d\ude00".repeat(10_000); // past the checker's 8192-char buffer, split anywhere
    byte[] json = body("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}");

    assertThat(RequestShape.messages(json).getArray("messages").get(0).asObject().getString("content")).isEqualTo(text);
  }
}
