package dev.ccr.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.testing.ProviderContractTest;
import mockwebserver3.RecordedRequest;

/** Public so that Vertex AI's Claude contract test runs on the same bodies. */
public class AnthropicContractTest extends ProviderContractTest {
  static final String START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
      + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,"
      + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":20,\"output_tokens\":1}}}\n\n";

  static String block(int index, String start, String... deltas) {
    StringBuilder sb = new StringBuilder("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":"
        + index + ",\"content_block\":" + start + "}\n\n");
    for (String d : deltas) {
      sb.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":").append(index)
          .append(",\"delta\":").append(d).append("}\n\n");
    }
    return sb.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":").append(index)
        .append("}\n\n").toString();
  }

  static String end(String stop) {
    return "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stop
        + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":5}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
  }

  @Override
  protected String providerEntry(String baseUrl) {
    return "{name: 'p', api_base_url: '" + baseUrl + "v1/messages', api_key: 'sk-ant', models: ['m'],"
        + " transformer: {use: ['anthropic']}}";
  }

  @Override
  protected String textReply() {
    return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[{\"type\":\"text\","
        + "\"text\":\"Hello there\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":20,\"output_tokens\":2}}";
  }

  @Override
  protected String textStream() {
    return START + block(0, "{\"type\":\"text\",\"text\":\"\"}", "{\"type\":\"text_delta\",\"text\":\"Hello\"}",
        "{\"type\":\"text_delta\",\"text\":\" there\"}") + end("end_turn");
  }

  @Override
  protected String toolCallStream() {
    return START + block(0, "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}",
        "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"}",
        "{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}") + end("tool_use");
  }

  @Override
  protected String parallelToolStream() {
    return START + block(0, "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}",
        "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\\\"Paris\\\"}\"}")
        + block(1, "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"get_time\",\"input\":{}}",
        "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"tz\\\":\\\"CET\\\"}\"}") + end("tool_use");
  }

  @Override
  protected String thinkingStream() {
    return START + block(0, "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}",
        "{\"type\":\"thinking_delta\",\"thinking\":\"Let me think.\"}", "{\"type\":\"signature_delta\",\"signature\":\"EqQB\"}")
        + block(1, "{\"type\":\"text\",\"text\":\"\"}", "{\"type\":\"text_delta\",\"text\":\"Sunny.\"}") + end("end_turn");
  }

  @Override
  protected String errorBody(int status, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"" + message + "\"}}";
  }

  @Override
  protected void checkSent(RecordedRequest request) {
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/messages");
    assertThat(request.getHeaders().get("x-api-key")).isEqualTo("sk-ant");
    assertThat(request.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
  }
}
