package dev.ccr.server.preset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.Json5;
import dev.ccr.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresetTest {
  static Preset preset(String json5) {
    return new Preset("p", (JsonObject) Json5.parse(json5, "manifest.json"));
  }

  @Test
  void metadataAndTheDynamicPartAreNotConfig() {
    Preset p = preset("{name: 'p', version: '2.1.0', description: 'd', author: 'a', keywords: ['x', 'y'],"
        + " Router: {default: 'a,b'}, schema: [], configMappings: [], userValues: {k: 'v'}, StatusLine: {enable: true}}");

    assertThat(p.version()).isEqualTo("2.1.0");
    assertThat(p.keywords()).containsExactly("x", "y");
    assertThat(p.configKeys().members().keySet()).containsExactly("Router", "StatusLine");
  }

  @Test
  void inputsInTextBecomeReferencesSoNoGivenValueSitsInTheTree() {
    Preset p = preset("{Providers: [{name: 'x', api_base_url: 'https://#{host}/v1', api_key: '#{apiKey}', models: ['m']}],"
        + " schema: [{id: 'apiKey'}, {id: 'host', type: 'input'}]}");

    JsonObject config = p.config(Map.of("apiKey", "sk-given", "host", "h.example")::get, new ArrayList<>());

    assertThat(Json.write(config)).doesNotContain("sk-given").contains("${apiKey}", "https://${host}/v1");
    CcrConfig.Checked read = PresetConfigs.check(p, Map.of("apiKey", "sk-given", "host", "h.example"), n -> null, null);
    assertThat(read.problems()).isEmpty();
    assertThat(read.config().provider("x").orElseThrow().apiKey()).isEqualTo("sk-given");
    assertThat(read.config().provider("x").orElseThrow().apiBaseUrl()).isEqualTo("https://h.example/v1");
  }

  @Test
  void configMappingsPlaceInputsAndFixedValuesWhereTheirConditionsHold() {
    Preset p = preset("{Providers: [{name: 'x', api_base_url: 'https://x.example/v1', models: ['m', 'n']}],"
        + " Router: {default: 'x,m'},"
        + " schema: [{id: 'key'}, {id: 'threshold', type: 'number'}, {id: 'fast', type: 'confirm'}],"
        + " configMappings: [{target: 'Providers[0].api_key', value: '#{key}'},"
        + "   {target: 'Router.longContextThreshold', value: '#{threshold}'},"
        + "   {target: 'Router.background', value: 'x,n', when: {field: 'fast', operator: 'eq', value: true}},"
        + "   {target: 'Router.think', value: 'x,n', when: {field: 'fast', value: false}}]}");
    List<String> problems = new ArrayList<>();

    JsonObject config = p.config(Map.of("key", "sk", "threshold", "5000", "fast", "true")::get, problems);

    assertThat(problems).isEmpty();
    assertThat(config.getArray("Providers").get(0).asObject().getString("api_key")).isEqualTo("${key}");
    assertThat(config.getObject("Router")).isEqualTo(Json.parse(
        "{\"default\":\"x,m\",\"longContextThreshold\":5000,\"background\":\"x,n\"}"));
  }

  @Test
  void aTemplateTakesThePlaceOfTheConfigKeys() {
    Preset p = preset("{Router: {default: 'ignored,x'}, schema: [{id: 'model', type: 'input'}],"
        + " template: {Router: {default: 'x,#{model}'}}}");

    assertThat(p.config(Map.of("model", "m")::get, new ArrayList<>())).isEqualTo(Json.parse("{\"Router\":{\"default\":\"x,${model}\"}}"));
  }

  @Test
  void aBrokenSchemaOrMappingIsAProblemWithItsPath() {
    List<String> problems = new ArrayList<>();

    preset("{schema: [{id: 'ok'}, {type: 'input'}, {id: 'ok'}], configMappings: [{target: 'Router.default'},"
        + " {target: 'Providers[3].api_key', value: 'x'}]}").config(n -> null, problems);

    assertThat(problems).anyMatch(s -> s.startsWith("schema[1].id")).anyMatch(s -> s.startsWith("schema[2].id"))
        .anyMatch(s -> s.startsWith("configMappings[0]")).anyMatch(s -> s.startsWith("configMappings[1].target"));
  }

  @Test
  void theServersKeysAreNotThePresets() {
    Preset p = preset("{APIKEY: 'preset-own', HOST: '0.0.0.0', PORT: 1, Providers: [{name: 'x', api_base_url: "
        + "'https://x.example/v1', models: ['m']}]}");

    CcrConfig config = PresetConfigs.check(p, Map.of(), n -> null, "server-key").config();

    assertThat(config.apiKey()).isEqualTo("server-key");
    assertThat(config.host()).isEqualTo(CcrConfig.DEFAULT_HOST);
  }
}
