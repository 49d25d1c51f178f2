package dev.ccr.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.InvalidRequestException;
import org.junit.jupiter.api.Test;

class AnthropicJsonErrorsTest {

  @Test
  void missingRequiredBlockMemberNamesItsPath() {
    assertThatThrownBy(() -> AnthropicJson.readRequest(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\"}]}]}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("messages.0.content.1.text: Field required");
  }

  @Test
  void wrongTypeNamesItsPath() {
    assertThatThrownBy(() -> AnthropicJson.readRequest("{\"model\":\"m\",\"messages\":[],\"max_tokens\":\"lots\"}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("max_tokens: Input should be a valid integer");
    assertThatThrownBy(() -> AnthropicJson.readRequest("{\"model\":\"m\",\"messages\":[],\"max_tokens\":1.5}"))
        .hasMessage("max_tokens: Input should be a valid integer");
    assertThatThrownBy(() -> AnthropicJson.readRequest("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}"))
        .hasMessageStartingWith("messages.0.content: Input should be a valid string or a list");
  }

  @Test
  void malformedJsonSaysWhere() {
    assertThatThrownBy(() -> AnthropicJson.readRequest("{\"model\":\"m\",\"messages\":[{\"role\":}]}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("$.messages[0].role");
    assertThatThrownBy(() -> AnthropicJson.readRequest("{\"model\":\"m\"} trailing"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("after the JSON value");
    assertThatThrownBy(() -> AnthropicJson.readRequest("{\"model\": "))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("ends before the JSON value does");
    assertThatThrownBy(() -> AnthropicJson.readRequest(new java.io.ByteArrayInputStream("{\"a\":[".getBytes())))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> AnthropicJson.readRequest("[1,2]"))
        .hasMessage("body: Input should be a valid object");
  }
}
