package dev.ccr.providers.presets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.config.TransformerUse;
import dev.ccr.providers.testing.Providers;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PresetProvidersTest {
  static final String REQUEST = "{\"model\":\"x\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "siliconflow, https://api.siliconflow.cn/v1/chat/completions",
      "volcengine, https://ark.cn-beijing.volces.com/api/v3/chat/completions",
      "dashscope, https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions",
      "modelscope, https://api-inference.modelscope.cn/v1/chat/completions",
      "moonshot, https://api.moonshot.ai/v1/chat/completions",
      "zhipu, https://open.bigmodel.cn/api/paas/v4/chat/completions",
      "mistral, https://api.mistral.ai/v1/chat/completions",
      "together, https://api.together.xyz/v1/chat/completions",
      "fireworks, https://api.fireworks.ai/inference/v1/chat/completions",
      "xai, https://api.x.ai/v1/chat/completions",
      "openai-api, https://api.openai.com/v1/chat/completions"})
  void nameKeyAndModelsAreEnough(String name, String url) {
    var request = Providers.prepare("{name: '" + name + "', api_key: 'k', models: ['m']}", "m", REQUEST);

    assertThat(request.url()).isEqualTo(url);
    assertThat(request.headers()).containsEntry("Authorization", "Bearer k");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"https://api.moonshot.cn/v1/chat/completions, moonshot", "https://api.x.ai/v1, xai",
      "https://eu.api.x.ai/v1/chat/completions, xai", "https://gw.Dashscope.aliyuncs.com/v1/chat/completions, dashscope"})
  void aPresetIsFoundByHostOrSubdomainToo(String url, String preset) {
    var provider = Providers.provider("{name: 'mine', api_base_url: '" + url + "', api_key: 'k', models: ['m']}");

    assertThat(provider).isInstanceOf(PresetProviders.PresetProvider.class);
    assertThat(PresetProviders.presetFor(dev.ccr.config.CcrConfig.parse("{Providers: [{name: 'mine', api_base_url: '"
        + url + "', models: ['m']}]}").providers().get(0)).name()).isEqualTo(preset);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"modelscope, maxtoken|enhancetool", "openai-api, maxcompletiontokens", "xai, ''"})
  void presetsBringTheTransformersTheyNeed(String name, String expected) {
    List<String> names = Providers.provider("{name: '" + name + "', api_key: 'k', models: ['m']}").transformers("m")
        .stream().map(TransformerUse::name).toList();

    assertThat(String.join("|", names)).isEqualTo(expected);
  }
}
