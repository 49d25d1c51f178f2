package dev.ccr.transformers.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.ConfigException;
import dev.ccr.json.Json;
import dev.ccr.spi.UpstreamRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestTransformersTest {
  static final String BODY = "{\"model\":\"m\",\"max_tokens\":64000,\"messages\":[{\"role\":\"system\",\"content\":"
      + "[{\"type\":\"text\",\"text\":\"s\",\"cache_control\":{\"type\":\"ephemeral\"}}]},{\"role\":\"user\",\"content\":"
      + "[{\"type\":\"text\",\"text\":\"hi\",\"cache_control\":{\"type\":\"ephemeral\"}}]}],"
      + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"T\",\"parameters\":{}},\"cache_control\":{\"type\":\"ephemeral\"}}],"
      + "\"reasoning_effort\":\"high\",\"stream\":true}";

  static UpstreamRequest request() {
    return Harness.chat(BODY, true);
  }

  @Test
  void everyBuiltInNameIsFoundIgnoringCase() {
    for (String name : List.of("MaxToken", "maxcompletiontokens", "SAMPLING", "customparams", "streamoptions",
        "cleancache", "tooluse", "enhancetool", "reasoning", "extrathinktag")) {
      assertThat(Harness.PLUGINS.transformer(name)).as(name).isPresent();
    }
  }

  @Test
  void maxtokenCapsTheLimitAndLeavesSmallerOnesAlone() throws Exception {
    assertThat(new Harness("maxtoken", "{\"max_tokens\":8192}").request(request()).body().getNumber("max_tokens").longValue())
        .isEqualTo(8192);
    assertThat(new Harness("maxtoken", "{\"max_tokens\":100000}").request(request()).body().getNumber("max_tokens").longValue())
        .isEqualTo(64000);
    assertThatThrownBy(() -> new Harness("maxtoken", null)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("max_tokens");
  }

  @Test
  void maxtokenCapsTheResponsesApisLimitToo() throws Exception {
    UpstreamRequest responses = new UpstreamRequest("openai-responses", "http://x/v1/responses", java.util.Map.of(),
        (dev.ccr.json.JsonObject) dev.ccr.json.Json.parse("{\"model\":\"m\",\"input\":[],\"max_output_tokens\":100000}"), false);

    assertThat(new Harness("maxtoken", "{\"max_tokens\":8192}").request(responses).body().getNumber("max_output_tokens")
        .longValue()).isEqualTo(8192);
  }

  @Test
  void maxcompletiontokensRenamesTheLimit() throws Exception {
    var body = new Harness("maxcompletiontokens", "{\"max_completion_tokens\":32000}").request(request()).body();

    assertThat(body.has("max_tokens")).isFalse();
    assertThat(body.getNumber("max_completion_tokens").longValue()).isEqualTo(32000);
  }

  @Test
  void samplingSetsWhatItIsGiven() throws Exception {
    var body = new Harness("sampling", "{\"temperature\":0.6,\"top_p\":0.95,\"top_k\":20,\"repetition_penalty\":1.05,"
        + "\"max_tokens\":16384}").request(request()).body();

    assertThat(body.getNumber("temperature").literal()).isEqualTo("0.6");
    assertThat(body.getNumber("top_p").literal()).isEqualTo("0.95");
    assertThat(body.getNumber("top_k").literal()).isEqualTo("20");
    assertThat(body.getNumber("repetition_penalty").literal()).isEqualTo("1.05");
    assertThat(body.getNumber("max_tokens").longValue()).isEqualTo(16384);
  }

  @Test
  void customparamsMergesDeeplyAndKeepsWhatTheRequestHas() throws Exception {
    var body = new Harness("customparams", "{\"max_tokens\":1,\"chat_template_kwargs\":{\"enable_thinking\":true},"
        + "\"provider\":{\"order\":[\"a\",\"b\"]}}").request(Harness.chat(
            "{\"model\":\"m\",\"max_tokens\":10,\"provider\":{\"sort\":\"price\"}}", false)).body();

    assertThat(body.getNumber("max_tokens").longValue()).isEqualTo(10);
    assertThat(body.getObject("chat_template_kwargs")).isEqualTo(Json.parse("{\"enable_thinking\":true}"));
    assertThat(body.getObject("provider")).isEqualTo(Json.parse("{\"sort\":\"price\",\"order\":[\"a\",\"b\"]}"));
  }

  @Test
  void streamoptionsAsksForUsageOnStreamsOnly() throws Exception {
    Harness h = new Harness("streamoptions", null);

    assertThat(h.request(request()).body().getObject("stream_options")).isEqualTo(Json.parse("{\"include_usage\":true}"));
    assertThat(h.request(Harness.chat("{\"model\":\"m\"}", false)).body().has("stream_options")).isFalse();
  }

  @Test
  void streamoptionsWithIncludeUsageFalseDropsTheFieldForServersThatRefuseIt() throws Exception {
    Harness h = new Harness("streamoptions", "{\"include_usage\": false}");
    var asked = Harness.chat("{\"model\":\"m\",\"stream_options\":{\"include_usage\":true}}", true);

    assertThat(h.request(asked).body().has("stream_options")).isFalse();
    assertThat(h.request(asked).body().getString("model")).isEqualTo("m");
  }

  @Test
  void cleancacheRemovesEveryCacheControl() throws Exception {
    String body = new Harness("cleancache", null).request(request()).body().toJson();

    assertThat(body).doesNotContain("cache_control").contains("\"text\":\"hi\"", "\"name\":\"T\"");
  }

  @Test
  void reasoningSwitchesEnableThinking() throws Exception {
    var on = new Harness("reasoning", null).request(request()).body();
    var off = new Harness("reasoning", "{\"enable\":false}").request(request()).body();

    assertThat(on.getBoolean("enable_thinking")).isTrue();
    assertThat(off.getBoolean("enable_thinking")).isFalse();
    assertThat(off.has("reasoning_effort")).isFalse();
  }

  @Test
  void tooluseForcesToolsAndOffersAnExit() throws Exception {
    var body = new Harness("tooluse", null).request(request()).body();

    assertThat(body.getString("tool_choice")).isEqualTo("required");
    assertThat(body.getArray("tools").elements()).extracting(t -> t.asObject().getObject("function").getString("name"))
        .containsExactly("T", "ExitTool");
    var messages = body.getArray("messages").elements();
    assertThat(messages.get(messages.size() - 1).asObject().getString("content")).contains("Tool mode is active");
  }
}
