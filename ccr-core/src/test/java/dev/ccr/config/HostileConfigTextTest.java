package dev.ccr.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ccr.ConfigException;
import dev.ccr.json.Json;
import dev.ccr.json.Json5;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.testing.Fixtures;
import dev.ccr.testing.Tries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * config.json as users break it: mutated copies of the original README's example and of generated
 * valid configs. Whatever the text, the parser either gives a config or a {@link ConfigException}
 * whose problems say what is wrong; never another exception.
 */
class HostileConfigTextTest {
  static final String README = Fixtures.text("config/original-readme.json5");
  static final Function<String, String> ENV = name -> name.startsWith("DEEPSEEK") ? "sk-env" : null;

  /** Pieces users (and editors) leave behind: broken escapes, comments, quotes, odd numbers, NULs. */
  static final String[] DEBRIS = {"/*", "*/", "//", "\"", "'", "\\", "\\u", "\\u12", "\\x4", "\\x", "\\q", "\u0000",
      "{", "}", "[", "]", ",", ":", ",,", "1e99999999999", "1e999999", "-", "+", ".", "0x", "0xZZ", "Infinity", "NaN",
      "-Infinity", "1" + "0".repeat(400), "true", "null", "$", "${", "$UNSET", "\uFEFF", "\u2028", "\ud800", "\r",
      "\n", "[".repeat(5000), "{a:".repeat(5000), "'\\\n'"};

  @TestFactory
  Stream<DynamicTest> aMutatedReadmeConfigIsAConfigOrAProblemList() {
    return Tries.of("mutatedReadme", 300, r -> parsesOrListsProblems(mutateText(README, r)));
  }

  @TestFactory
  Stream<DynamicTest> aWrongTypeAtAnyKeyIsAProblemList() {
    return Tries.of("wrongTypes", 300, r -> parsesOrListsProblems(wrongType(r)));
  }

  @TestFactory
  Stream<DynamicTest> aMutatedGeneratedConfigIsAConfigOrAProblemList() {
    return Tries.of("mutatedGenerated", 150, r -> parsesOrListsProblems(mutateText(Json.writePretty(generated(r)), r)));
  }

  @TestFactory
  Stream<DynamicTest> deepNestingIsAProblemNotAStackOverflow() {
    return Tries.of("nesting", 20, r -> {
      int depth = 1 + r.nextInt(200_000);
      String nest = r.nextBoolean() ? "{a:".repeat(depth) + "1" + "}".repeat(depth) : "[".repeat(depth) + "]".repeat(depth);
      parsesOrListsProblems("{Providers: [], Router: {}, SomethingNew: " + nest + "}");
      parsesOrListsProblems("{Providers: " + nest + "}");
    });
  }

  @Test
  void everyValueOfTheReadmeConfigReplacedByEveryKindOfWrongValueIsAProblemList() {
    JsonValue readme = Json5.parse(README, "readme");
    List<List<Object>> paths = new ArrayList<>();
    paths(readme, new ArrayList<>(), paths);
    for (List<Object> path : paths) {
      for (String wrong : WRONG) parsesOrListsProblems(Json.write(replace(readme, path, 0, Json.parse(wrong))));
    }
  }

  @Test
  void aPerModelTransformerEntryOfTheWrongShapeIsAWarningNotSilence() {
    for (String wrong : new String[] {"\"text\"", "5", "[]", "{}", "{\"usee\": []}"}) {
      CcrConfig c = CcrConfig.parse(README.replace("\"deepseek-chat\": {\n          \"use\": [\"tooluse\"]\n        }",
          "\"deepseek-chat\": " + wrong), ENV);

      assertThat(c.warnings()).as(wrong)
          .contains("Providers[1].transformer[\"deepseek-chat\"] is not an object with \"use\"; it is ignored");
    }
  }

  @Test
  void theOriginalReadmeConfigStillParses() {
    assertThat(CcrConfig.parse(README, ENV).providers()).hasSize(5);
  }

  @Test
  void everyGeneratedConfigIsValidBeforeItIsMutated() {
    Random r = new Random(12);
    for (int i = 0; i < 50; i++) {
      String text = Json.write(generated(r));
      assertThat(catchThrowable(() -> CcrConfig.parse(text, ENV))).as(text).isNull();
    }
  }

  /** The README's config or a generated one, with a value of the wrong type at a random place. */
  static String wrongType(Random r) {
    JsonValue tree = r.nextBoolean() ? Json5.parse(README, "readme") : generated(r);
    List<List<Object>> paths = new ArrayList<>();
    paths(tree, new ArrayList<>(), paths);
    List<Object> path = paths.get(r.nextInt(paths.size()));
    return Json.write(replace(tree, path, 0, wrongValue(r)));
  }

  // ---------------------------------------------------------------- checks and generators

  static void parsesOrListsProblems(String text) {
    Throwable thrown = catchThrowable(() -> CcrConfig.parse(text, ENV));
    if (thrown == null) return;
    assertThat(thrown).as(shorten(text)).isInstanceOf(ConfigException.class);
    List<String> problems = ((ConfigException) thrown).problems();
    assertThat(problems).isNotEmpty();
    if (catchThrowable(() -> Json5.parse(text, "config.json")) != null) {
      assertThat(problems).as("a syntax error says where").hasSize(1);
      assertThat(problems.get(0)).matches("(?s)config\\.json:\\d+:\\d+: .+");
    }
    for (String p : problems) {
      assertThat(p).isNotBlank().doesNotContain("Exception", "\tat ");
    }
  }

  static String shorten(String text) {
    return text.length() > 600 ? text.substring(0, 600) + "... (" + text.length() + " chars)" : text;
  }

  /** One to four edits: a character dropped, doubled or replaced, a piece of debris put in, the text cut. */
  static String mutateText(String text, Random r) {
    StringBuilder sb = new StringBuilder(text);
    for (int i = 1 + r.nextInt(4); i > 0 && sb.length() > 0; i--) {
      int at = r.nextInt(sb.length());
      switch (r.nextInt(5)) {
        case 0:
          sb.deleteCharAt(at);
          break;
        case 1:
          sb.insert(at, sb.charAt(at));
          break;
        case 2:
          sb.setCharAt(at, (char) r.nextInt(128));
          break;
        case 3:
          sb.setLength(at);
          break;
        default:
          sb.insert(at, DEBRIS[r.nextInt(DEBRIS.length)]);
      }
    }
    return sb.toString();
  }

  /** A valid config with one to three providers, a router that names them, and the resilience sections. */
  static JsonObject generated(Random r) {
    List<JsonValue> providers = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
      String name = "p" + i;
      List<JsonValue> models = new ArrayList<>();
      for (int m = 0, k = 1 + r.nextInt(3); m < k; m++) {
        models.add(Json.parse("\"model-" + m + "\""));
        targets.add(name + ",model-" + m);
      }
      JsonObject.Builder p = JsonObject.builder().put("name", name)
          .put("api_base_url", "https://p" + i + ".example/v1/chat/completions")
          .put("api_key", r.nextBoolean() ? "sk-" + i : "$DEEPSEEK_KEY_" + i)
          .put("models", JsonArray.of(models));
      if (r.nextBoolean()) p.put("transformer", Json.parse("{\"use\":[\"openrouter\"]}"));
      providers.add(p.build());
    }
    JsonObject.Builder router = JsonObject.builder().put("default", targets.get(r.nextInt(targets.size())));
    for (String scenario : new String[] {"background", "think", "longContext", "webSearch"}) {
      if (r.nextBoolean()) router.put(scenario, targets.get(r.nextInt(targets.size())));
    }
    if (r.nextBoolean()) router.put("longContextThreshold", Json.parse(Integer.toString(1000 + r.nextInt(100_000))));
    JsonObject.Builder config = JsonObject.builder().put("Providers", JsonArray.of(providers))
        .put("Router", router.build());
    if (r.nextBoolean()) config.put("APIKEY", "secret-" + r.nextInt(1000));
    if (r.nextBoolean()) config.put("PORT", Json.parse(Integer.toString(1024 + r.nextInt(60_000))));
    if (r.nextBoolean()) config.put("LOG", r.nextBoolean() ? Json.parse("true") : Json.parse("false"));
    if (r.nextBoolean()) config.put("API_TIMEOUT_MS", Json.parse(Integer.toString(1000 + r.nextInt(600_000))));
    if (r.nextBoolean()) config.put("RETRY", Json.parse("{\"attempts\":" + (1 + r.nextInt(5)) + "}"));
    if (r.nextBoolean()) config.put("TIMEOUTS", Json.parse("{\"connect_ms\":" + (1 + r.nextInt(9999)) + "}"));
    if (r.nextBoolean()) config.put("CIRCUIT_BREAKER", Json.parse("{\"failures\":" + (1 + r.nextInt(9)) + "}"));
    return config.build();
  }

  /** A value of some other type than the config expects somewhere. */
  static JsonValue wrongValue(Random r) {
    return Json.parse(WRONG[r.nextInt(WRONG.length)]);
  }

  /** Every JSON kind, extremes included. */
  static final String[] WRONG = {"\"\"", "\"text\"", "\"$UNSET_VAR\"", "\"${ALSO_UNSET}\"", "0", "-1", "1.5", "1e999999",
        "-1e999999", "9".repeat(400), "2147483648", "9223372036854775808", "true", "false", "null", "[]", "{}",
        "[null]", "[1,2]", "[\"a\",\"b\"]", "{\"use\":5}", "{\"use\":[[1]]}", "[[\"maxtoken\",5]]", "{\"a\":{}}",
        "[".repeat(200) + "]".repeat(200), "\"\\u0000\"", "\"" + "x".repeat(100_000) + "\""};

  /** Every path to a member or element of {@code v}, the root excluded. */
  static void paths(JsonValue v, List<Object> at, List<List<Object>> out) {
    if (v instanceof JsonObject o) {
      for (String k : o.members().keySet()) {
        List<Object> p = new ArrayList<>(at);
        p.add(k);
        out.add(p);
        paths(o.get(k), p, out);
      }
    } else if (v instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        List<Object> p = new ArrayList<>(at);
        p.add(i);
        out.add(p);
        paths(a.get(i), p, out);
      }
    }
  }

  static JsonValue replace(JsonValue v, List<Object> path, int i, JsonValue with) {
    if (i == path.size()) return with;
    if (v instanceof JsonObject o) {
      Map<String, JsonValue> members = new LinkedHashMap<>(o.members());
      String k = (String) path.get(i);
      members.put(k, replace(members.get(k), path, i + 1, with));
      return JsonObject.of(members);
    }
    JsonArray a = (JsonArray) v;
    List<JsonValue> elements = new ArrayList<>(a.elements());
    int k = (Integer) path.get(i);
    elements.set(k, replace(elements.get(k), path, i + 1, with));
    return JsonArray.of(elements);
  }
}
