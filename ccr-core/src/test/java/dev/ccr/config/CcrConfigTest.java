package dev.ccr.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.ConfigException;
import dev.ccr.json.Json;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CcrConfigTest {
  static final Function<String, String> ENV =
      Map.of("DEEPSEEK_API_KEY", "sk-deep-secret", "GEMINI_API_KEY", "gm-secret")::get;

  static CcrConfig original() {
    return CcrConfig.parse(Fixtures.text("config/original-readme.json5"), ENV);
  }

  @Test
  void originalReadmeConfigWithCommentsAndTrailingCommasLoads() {
    CcrConfig c = original();

    assertThat(c.providers()).extracting(ProviderConfig::name)
        .containsExactly("openrouter", "deepseek", "ollama", "gemini", "modelscope");
    assertThat(c.router().defaultTarget()).isEqualTo(new RouteTarget("deepseek", "deepseek-chat"));
    assertThat(c.router().target(RouterConfig.THINK)).hasToString("deepseek,deepseek-reasoner");
    assertThat(c.router().target(RouterConfig.IMAGE)).as("empty entries are off").isNull();
    assertThat(c.router().longContextThreshold()).isEqualTo(60000);
    assertThat(c.apiKey()).isEqualTo("your-secret-key");
    assertThat(c.proxyUrl()).isEqualTo("http://127.0.0.1:7890");
    assertThat(c.log()).isTrue();
    assertThat(c.apiTimeoutMs()).isEqualTo(600000);
    assertThat(c.customRouterPath()).isNull();
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(3456);
  }

  @Test
  void transformerUseListsKeepNamesOptionsAndPerModelLists() {
    ProviderConfig modelscope = original().provider("modelscope").orElseThrow();

    assertThat(modelscope.use()).extracting(TransformerUse::name).containsExactly("maxtoken", "enhancetool");
    assertThat(modelscope.use().get(0).options().asObject().getNumber("max_tokens")).isEqualTo(JsonNumber.of(65536));
    assertThat(modelscope.transformersFor("Qwen/Qwen3-235B-A22B-Thinking-2507")).extracting(TransformerUse::name)
        .containsExactly("maxtoken", "enhancetool", "reasoning");
    assertThat(modelscope.transformersFor("Qwen/Qwen3-Coder-480B-A35B-Instruct")).hasSize(2);
    assertThat(original().provider("DeepSeek").orElseThrow().uses("DEEPSEEK")).isTrue();
  }

  @Test
  void providerWithoutApiKeyIsValidNotDropped() {
    CcrConfig c = original();

    assertThat(c.provider("ollama")).hasValueSatisfying(p -> assertThat(p.apiKey()).isNull());
    assertThat(c.provider("modelscope")).hasValueSatisfying(p -> assertThat(p.apiKey()).isNull());
  }

  @Test
  void environmentVariablesAreFilledButNeverWrittenBack() {
    CcrConfig c = original();

    assertThat(c.provider("deepseek").orElseThrow().apiKey()).isEqualTo("sk-deep-secret");
    assertThat(c.provider("gemini").orElseThrow().apiKey()).isEqualTo("gm-secret");
    assertThat(c.toJson()).contains("$DEEPSEEK_API_KEY", "${GEMINI_API_KEY}").doesNotContain("sk-deep-secret", "gm-secret");

    CcrConfig changed = c.withRoute("think", "gemini,gemini-2.5-pro", ENV);
    assertThat(changed.router().target("think")).hasToString("gemini,gemini-2.5-pro");
    assertThat(changed.toJson()).contains("$DEEPSEEK_API_KEY").doesNotContain("sk-deep-secret", "gm-secret");
    assertThat(CcrConfig.parse(changed.toJson(), ENV).router().target("think")).hasToString("gemini,gemini-2.5-pro");
  }

  @Test
  void anUnsetVariableInAProviderKeyIsNeverTheKeyAndIsWarnedAbout() {
    CcrConfig noEnv = CcrConfig.parse(Fixtures.text("config/original-readme.json5").replace("your-secret-key", "k"),
        name -> null);

    ProviderConfig deepseek = noEnv.provider("deepseek").orElseThrow();
    assertThat(deepseek.apiKey()).as("not the literal text").isNull();
    assertThat(deepseek.apiKeys()).isEmpty();
    assertThat(deepseek.unsetKeyVariables()).containsExactly("$DEEPSEEK_API_KEY");
    assertThat(noEnv.provider("gemini").orElseThrow().unsetKeyVariables()).containsExactly("${GEMINI_API_KEY}");
    assertThat(noEnv.warnings()).anyMatch(w -> w.startsWith("Providers[1].api_key names $DEEPSEEK_API_KEY")
        && w.contains("not set"));
    assertThat(original().provider("deepseek").orElseThrow().unsetKeyVariables()).isEmpty();
    assertThat(EnvVars.resolve("a-${X}-$Y-$", Map.of("X", "1", "Y", "2")::get)).isEqualTo("a-1-2-$");
    assertThat(noEnv.toJson()).as("written back as references").contains("$DEEPSEEK_API_KEY");
  }

  @Test
  void aKeyPoolGoesOnWithoutItsUnsetEntries() {
    CcrConfig c = CcrConfig.parse("{Providers: [{name: 'p', api_base_url: 'https://p.example/v1', models: ['m'],"
        + " api_keys: ['$K1', '$K_MISSING', 'literal']}], Router: {default: 'p,m'}}", Map.of("K1", "one")::get);

    ProviderConfig p = c.provider("p").orElseThrow();
    assertThat(p.apiKeys()).containsExactly("one", "literal");
    assertThat(p.unsetKeyVariables()).isEmpty();
    assertThat(c.warnings()).anyMatch(w -> w.contains("api_keys[1] names $K_MISSING"));
  }

  @Test
  void aMisspeltScenarioIsRefusedWithASuggestion() {
    assertThatThrownBy(() -> original().withRoute("thnk", "deepseek,deepseek-chat", ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Router has no scenario \"thnk\" (did you mean \"think\"?)");
  }

  @Test
  void aProblemQuotesAHugeValueCutShort() {
    String pasted = "x".repeat(5000);
    assertThatThrownBy(() -> CcrConfig.parse("{Providers: [], Router: {default: '" + pasted + "'}, LOG: '" + pasted + "'}",
        name -> null))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(2)
            .allSatisfy(p -> assertThat(p).hasSizeLessThan(300).contains("(5002 characters)")));
  }

  @Test
  void anUnsetVariableInApiKeyIsAConfigError() {
    assertThatThrownBy(() -> CcrConfig.parse("{APIKEY: '$MY_CCR_KEY', Providers: [], Router: {}}", name -> null))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems())
            .anyMatch(p -> p.startsWith("APIKEY names $MY_CCR_KEY, which is not set")));
    assertThat(CcrConfig.parse("{APIKEY: '$MY_CCR_KEY', Providers: [], Router: {}}", Map.of("MY_CCR_KEY", "s")::get)
        .apiKey()).isEqualTo("s");
  }

  @Test
  void keysCcrDoesNotUseAreKeptAndAreNoError() {
    CcrConfig c = original();

    assertThat(c.raw().getObject("SomethingNew")).isEqualTo(Json.parse("{\"kept\":[1,2]}"));
    assertThat(c.raw().getObject("StatusLine")).isNotNull();
    assertThat(c.toJson()).contains("SomethingNew");
    assertThat(c.warnings()).noneMatch(w -> w.contains("SomethingNew"));
  }

  @Test
  void misspeltTopLevelKeyIsAWarningWithASuggestion() {
    CcrConfig c = CcrConfig.parse("{\"Provider\": [], \"Router\": {}}", ENV);

    assertThat(c.warnings()).anyMatch(w -> w.contains("Provider is not a setting") && w.contains("\"Providers\""));
  }

  @Test
  void badUrlNamesItsPath() {
    String json = "{\"Providers\": [" + provider("a", "https://a.example/v1") + "," + provider("b", "https://b.example")
        + "," + provider("c", "not a url") + "], \"Router\": {\"default\": \"a,m\"}}";

    assertThatThrownBy(() -> CcrConfig.parse(json, ENV))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems())
            .containsExactly("Providers[2].api_base_url is not a URL: \"not a url\""));
  }

  @Test
  void routeToUnconfiguredProviderIsNamed() {
    String json = "{\"Providers\": [" + provider("openrouter", "https://openrouter.ai/api/v1/chat/completions")
        + "], \"Router\": {\"default\": \"openrouter,m\", \"think\": \"deepseek,deepseek-reasoner\"}}";

    assertThatThrownBy(() -> CcrConfig.parse(json, ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Router.think names provider \"deepseek\", which is not configured");
  }

  @Test
  void unknownTransformerGetsASuggestion() {
    String json = "{\"Providers\": [{\"name\": \"p\", \"api_base_url\": \"https://p.example/v1/chat/completions\","
        + " \"models\": [\"m\"], \"transformer\": {\"use\": [[\"maxtokens\", {\"max_tokens\": 1}], \"openai\"],"
        + " \"m\": {\"use\": [\"zzzz\"]}}}], \"Router\": {\"default\": \"p,m\"}}";
    CcrConfig c = CcrConfig.parse(json, ENV);

    List<String> problems = c.checkTransformerNames(List.of("maxtoken", "OpenAI", "tooluse"));

    assertThat(problems).containsExactly(
        "Providers[0].transformer.use[0]: unknown transformer \"maxtokens\" (did you mean \"maxtoken\"?)",
        "Providers[0].transformer[\"m\"].use[0]: unknown transformer \"zzzz\"");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String json = "{\"PORT\": 99999, \"LOG_LEVEL\": \"loud\", \"Providers\": [{\"api_base_url\": \"https://x.example\"},"
        + " {\"name\": \"ok\", \"api_base_url\": \"ftp://x\"}], \"Router\": {\"default\": \"nocomma\","
        + " \"longContextThreshold\": -5}, \"fallback\": {\"default\": [\"ghost,m\"]}}";

    assertThatThrownBy(() -> CcrConfig.parse(json, ENV))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "Providers[0].name is missing",
            "Providers[1].api_base_url is not a URL: \"ftp://x\"",
            "Router.default must be \"provider,model\"; got \"nocomma\"",
            "Router.longContextThreshold must be a positive whole number of tokens",
            "fallback.default[0] names provider \"ghost\", which is not configured",
            "PORT must be a whole number from 1 to 65535; got 99999",
            "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace; got \"loud\""));
  }

  @Test
  void routeToBrokenProviderReportsOnlyTheProviderProblem() {
    String json = "{\"Providers\": [" + provider("p", "nope") + "], \"Router\": {\"default\": \"p,m\"}}";

    assertThatThrownBy(() -> CcrConfig.parse(json, ENV))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(1));
  }

  @Test
  void unlistedModelIsAWarningSoExistingConfigsKeepWorking() {
    String json = "{\"Providers\": [" + provider("p", "https://p.example/v1") + "], \"Router\": {\"default\": \"p,m2\"}}";

    CcrConfig c = CcrConfig.parse(json, ENV);

    assertThat(c.router().defaultTarget()).hasToString("p,m2");
    assertThat(c.warnings()).anyMatch(w -> w.contains("Router.default names model \"m2\"") && w.contains("did you mean \"m\""));
  }

  @Test
  void syntaxErrorSaysLineAndColumn() {
    assertThatThrownBy(() -> CcrConfig.parse("{\n  \"Providers\": [\n    {\"name\" \"x\"}\n  ]\n}", ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config.json:3:13: expected ':' after member name \"name\"");
  }

  @Test
  void json5NumbersStringsAndKeys() {
    JsonObject o = (JsonObject) dev.ccr.json.Json5.parse(
        "{unquoted: 'single \\'q\\'', hex: 0xFF, lead: .5, trail: 5., plus: +3, exp: 1e3, s: \"a\\\nb\"}", "t");

    assertThat(o.getString("unquoted")).isEqualTo("single 'q'");
    assertThat(o.getNumber("hex").literal()).isEqualTo("255");
    assertThat(o.getNumber("lead").literal()).isEqualTo("0.5");
    assertThat(o.getNumber("trail").literal()).isEqualTo("5");
    assertThat(o.getNumber("plus").literal()).isEqualTo("3");
    assertThat(o.getNumber("exp").literal()).isEqualTo("1e3");
    assertThat(o.getString("s")).isEqualTo("ab");
  }

  @Test
  void redactedDumpHidesLiteralKeysAndShowsReferences() {
    String dump = original().toRedactedJson();

    assertThat(dump).doesNotContain("sk-xxx", "your-secret-key", "sk-deep-secret")
        .contains("<redacted>", "$DEEPSEEK_API_KEY", "max_tokens");
    assertThat(original().provider("openrouter").orElseThrow().toString()).doesNotContain("sk-xxx");
  }

  @Test
  void redactedDumpHidesAPrivateKeyInTransformerOptions() {
    CcrConfig config = CcrConfig.parse("{Providers: [{name: 'vertex', api_base_url: 'https://h/v1', models: ['m'],"
        + " transformer: {use: [['vertex-openai', {client_email: 'a@b.iam.gserviceaccount.com',"
        + " private_key: '-----BEGIN PRIVATE KEY-----\\nMIIEsecret\\n-----END PRIVATE KEY-----\\n'}]]}}], Router: {}}", ENV);

    assertThat(config.toRedactedJson()).doesNotContain("MIIEsecret").contains("a@b.iam.gserviceaccount.com");
  }

  @Test
  void loadsFromFileAndReportsAMissingOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"Providers\": [], \"Router\": {}, \"PORT\": \"4000\"}");

    assertThat(CcrConfig.load(file, ENV).port()).isEqualTo(4000);
    assertThatThrownBy(() -> CcrConfig.load(dir.resolve("nope.json"), ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no configuration file at");
  }

  @Test
  void builderGoesThroughTheSameChecks() {
    CcrConfig c = CcrConfig.builder()
        .provider("deepseek", "https://api.deepseek.com/chat/completions", "$DEEPSEEK_API_KEY", List.of("deepseek-chat"), "deepseek")
        .route("default", "deepseek,deepseek-chat")
        .env(ENV)
        .build();

    assertThat(c.provider("deepseek").orElseThrow().apiKey()).isEqualTo("sk-deep-secret");
    assertThat(c.provider("deepseek").orElseThrow().uses("deepseek")).isTrue();
    assertThatThrownBy(() -> CcrConfig.builder().route("default", "nobody,m").build())
        .isInstanceOf(ConfigException.class);
  }

  private static String provider(String name, String url) {
    return "{\"name\": \"" + name + "\", \"api_base_url\": \"" + url + "\", \"models\": [\"m\"]}";
  }
}
