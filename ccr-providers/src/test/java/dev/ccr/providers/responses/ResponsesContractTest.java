package dev.ccr.providers.responses;

import static dev.ccr.providers.responses.ResponsesBodies.USAGE;
import static dev.ccr.providers.responses.ResponsesBodies.callItem;
import static dev.ccr.providers.responses.ResponsesBodies.messageItem;
import static dev.ccr.providers.responses.ResponsesBodies.q;
import static dev.ccr.providers.responses.ResponsesBodies.reasoningItem;
import static dev.ccr.providers.responses.ResponsesBodies.response;
import static dev.ccr.providers.responses.ResponsesBodies.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.testing.ProviderContractTest;
import mockwebserver3.RecordedRequest;

class ResponsesContractTest extends ProviderContractTest {
  @Override
  protected String providerEntry(String baseUrl) {
    return "{name: 'p', api_base_url: '" + baseUrl + "v1/responses', api_key: 'sk-test', models: ['m'],"
        + " transformer: {use: ['openai-responses']}}";
  }

  @Override
  protected String textReply() {
    return response("completed", "[" + messageItem("msg_1", "Hello there", "completed") + "]", USAGE, null);
  }

  @Override
  protected String textStream() {
    return stream().text(0, "msg_1", "Hello", " there")
        .completed("[" + messageItem("msg_1", "Hello there", "completed") + "]", USAGE);
  }

  @Override
  protected String toolCallStream() {
    String args = "{\"city\":\"Paris\"}";
    return stream().call(0, "fc_1", "call_w1", "get_weather", "{\"city\":", "\"Paris\"}")
        .completed("[" + callItem("fc_1", "call_w1", "get_weather", args, "completed") + "]", USAGE);
  }

  @Override
  protected String parallelToolStream() {
    return stream().call(0, "fc_1", "call_w1", "get_weather", "{\"city\":\"Paris\"}")
        .call(1, "fc_2", "call_t1", "get_time", "{\"tz\":\"CET\"}")
        .completed("[" + callItem("fc_1", "call_w1", "get_weather", "{\"city\":\"Paris\"}", "completed") + ","
            + callItem("fc_2", "call_t1", "get_time", "{\"tz\":\"CET\"}", "completed") + "]", USAGE);
  }

  @Override
  protected String thinkingStream() {
    return stream().reasoning(0, "rs_1", "gAAAAB-enc", "Let me ", "think.").text(1, "msg_1", "Sunny.")
        .completed("[" + reasoningItem("rs_1", "Let me think.", "gAAAAB-enc") + ","
            + messageItem("msg_1", "Sunny.", "completed") + "]", USAGE);
  }

  @Override
  protected String errorBody(int status, String message) {
    return "{\"error\":{\"message\":" + q(message) + ",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}";
  }

  @Override
  protected void checkSent(RecordedRequest request) {
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/responses");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test");
    JsonObject body = (JsonObject) Json.parse(request.getBody().utf8());
    assertThat(body.getString("model")).isEqualTo("m");
    assertThat(body.getString("instructions")).isEqualTo("You are terse.");
    assertThat(body.getArray("input")).isEqualTo(Json.parse(
        "[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Weather in Paris?\"}]}]"));
    assertThat(body.getArray("tools").get(0)).isEqualTo(Json.parse("{\"type\":\"function\",\"name\":\"get_weather\","
        + "\"description\":\"Weather for a city\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
        + "\"required\":[\"city\"]},\"strict\":false}"));
    assertThat(body.getNumber("max_output_tokens").intValue()).isEqualTo(1024);
    assertThat(body.getBoolean("stream")).isTrue();
    assertThat(body.getBoolean("store")).isFalse();
    assertThat(body.getArray("include")).isEqualTo(Json.parse("[\"reasoning.encrypted_content\"]"));
  }
}
