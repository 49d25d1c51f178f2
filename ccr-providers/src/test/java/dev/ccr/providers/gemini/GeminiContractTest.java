package dev.ccr.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.testing.ProviderContractTest;
import mockwebserver3.RecordedRequest;

/** Public so that Vertex AI's Gemini contract test runs on the same bodies. */
public class GeminiContractTest extends ProviderContractTest {
  static final String USAGE = "\"usageMetadata\":{\"promptTokenCount\":20,\"candidatesTokenCount\":5,\"totalTokenCount\":25},"
      + "\"modelVersion\":\"m\",\"responseId\":\"r1\"";

  static String chunk(String parts, String finish) {
    return "data: {\"candidates\":[{\"content\":{\"parts\":" + parts + ",\"role\":\"model\"},"
        + (finish == null ? "" : "\"finishReason\":\"" + finish + "\",") + "\"index\":0}]," + USAGE + "}\r\n\r\n";
  }

  @Override
  protected String providerEntry(String baseUrl) {
    return "{name: 'p', api_base_url: '" + baseUrl + "v1beta/models/', api_key: 'AIza-test', models: ['m'],"
        + " transformer: {use: ['gemini']}, headers: {'X-Goog-User-Project': 'my-project'}}";
  }

  @Override
  protected String textReply() {
    return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hello there\"}],\"role\":\"model\"},\"finishReason\":\"STOP\","
        + "\"index\":0}]," + USAGE + "}";
  }

  @Override
  protected String textStream() {
    return chunk("[{\"text\":\"Hello\"}]", null) + chunk("[{\"text\":\" there\"}]", "STOP");
  }

  @Override
  protected String toolCallStream() {
    // The last chunk has the function call and finishReason STOP: that is still tool use.
    return chunk("[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}},\"thoughtSignature\":\"CiQB\"}]", "STOP");
  }

  @Override
  protected String parallelToolStream() {
    return chunk("[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}},"
        + "{\"functionCall\":{\"name\":\"get_time\",\"args\":{\"tz\":\"CET\"}}}]", "STOP");
  }

  @Override
  protected String thinkingStream() {
    return chunk("[{\"text\":\"Let me \",\"thought\":true}]", null)
        + chunk("[{\"text\":\"think.\",\"thought\":true}]", null)
        + chunk("[{\"text\":\"Sunny.\"}]", "STOP");
  }

  @Override
  protected String errorBody(int status, String message) {
    return "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"status\":\"INVALID_ARGUMENT\"}}";
  }

  @Override
  protected void checkSent(RecordedRequest request) {
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1beta/models/m:streamGenerateContent");
    assertThat(request.getUrl().queryParameter("alt")).isEqualTo("sse");
    assertThat(request.getHeaders().get("x-goog-api-key")).isEqualTo("AIza-test");
    assertThat(request.getHeaders().get("X-Goog-User-Project")).as("the entry's headers, for every provider").isEqualTo("my-project");
    checkBody(request);
  }

  /** The Gemini body of the contract's streamed tool-using request. */
  protected static void checkBody(RecordedRequest request) {
    JsonObject body = (JsonObject) Json.parse(request.getBody().utf8());
    assertThat(body.getObject("systemInstruction")).isEqualTo(Json.parse("{\"parts\":[{\"text\":\"You are terse.\"}]}"));
    assertThat(body.getArray("contents").get(0)).isEqualTo(Json.parse(
        "{\"role\":\"user\",\"parts\":[{\"text\":\"Weather in Paris?\"}]}"));
    assertThat(body.getArray("tools").get(0).asObject().getArray("functionDeclarations").size()).isEqualTo(2);
    assertThat(body.getObject("generationConfig").getNumber("maxOutputTokens").intValue()).isEqualTo(1024);
  }
}
