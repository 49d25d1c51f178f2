package dev.ccr.transformers.openai.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import org.junit.jupiter.api.Test;

class ClientBodyTransformerTest {
  static JsonObject json(String s) {
    return Json.parse(s).asObject();
  }

  @Test
  void theRouteSetsModelAndStreamOptionsTheClientKeepsTheRest() {
    JsonObject client = json("{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":false},"
        + "\"seed\":1,\"max_completion_tokens\":5,\"messages\":[{\"role\":\"user\",\"name\":\"a\",\"content\":\"hi\"}]}");
    JsonObject translated = json("{\"model\":\"qwen3\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"provider\":{\"sort\":\"price\"}}");

    JsonObject sent = ClientBodyTransformer.overlay(client, translated);

    assertThat(sent.getString("model")).isEqualTo("qwen3");
    assertThat(sent.getObject("stream_options").getBoolean("include_usage")).isTrue();
    assertThat(sent.get("messages")).isEqualTo(client.get("messages"));
    assertThat(sent.get("seed").toJson()).isEqualTo("1");
    assertThat(sent.has("max_tokens")).isFalse();
    assertThat(sent.getObject("provider")).isEqualTo(json("{\"sort\":\"price\"}")); // what the provider adds stays
  }

  @Test
  void streamOptionsGoWhenTheProviderDoesNotTakeThem() {
    JsonObject sent = ClientBodyTransformer.overlay(
        json("{\"model\":\"a\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[]}"),
        json("{\"model\":\"b\",\"stream\":true,\"messages\":[]}"));
    assertThat(sent.has("stream_options")).isFalse();
    assertThat(sent.getBoolean("stream")).isTrue();
  }
}
