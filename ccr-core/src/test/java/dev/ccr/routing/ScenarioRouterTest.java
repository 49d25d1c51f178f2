package dev.ccr.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.NoRouteException;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesRequest;
import dev.ccr.spi.Router;
import dev.ccr.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The precedence of the routing rules, on the real Claude Code requests. */
class ScenarioRouterTest {
  static final String CONFIG = "{Providers: ["
      + "{name: 'main', api_base_url: 'https://m.example/v1', models: ['default-m', 'other-m']},"
      + "{name: 'brain', api_base_url: 'https://b.example/v1', models: ['think-m']},"
      + "{name: 'cheap', api_base_url: 'https://c.example/v1', models: ['bg-m']},"
      + "{name: 'big', api_base_url: 'https://l.example/v1', models: ['long-m']},"
      + "{name: 'web', api_base_url: 'https://w.example/v1', models: ['web-m']},"
      + "{name: 'eyes', api_base_url: 'https://e.example/v1', models: ['img-m']},"
      + "{name: 'sub', api_base_url: 'https://s.example/v1', models: ['agent-m']}],"
      + " Router: {default: 'main,default-m', think: 'brain,think-m', background: 'cheap,bg-m',"
      + " longContext: 'big,long-m', longContextThreshold: %d, webSearch: 'web,web-m', image: 'eyes,img-m'}}";
  static final int HIGH = 1_000_000;
  static final String TAG = "<CCR-SUBAGENT-MODEL>sub,agent-m</CCR-SUBAGENT-MODEL>";

  static JsonObject base(String capture) {
    return Fixtures.claudeCodeBody(capture);
  }

  // ----- edits of the captured body, as data

  static UnaryOperator<JsonObject> thinking(String type) {
    return b -> type == null ? b.without("thinking") : b.with("thinking",
        type.equals("enabled") ? Json.parse("{\"type\":\"enabled\",\"budget_tokens\":4096}")
            : JsonObject.builder().put("type", type).build());
  }

  static UnaryOperator<JsonObject> model(String model) {
    return b -> b.with("model", JsonString.of(model));
  }

  static UnaryOperator<JsonObject> tagInSystem(int index) {
    return b -> {
      List<JsonValue> system = new ArrayList<>(b.getArray("system").elements());
      JsonObject block = system.get(index).asObject();
      system.set(index, block.with("text", JsonString.of(TAG + "\n" + block.getString("text"))));
      return b.with("system", JsonArray.of(system));
    };
  }

  static UnaryOperator<JsonObject> tagInFirstUserText() {
    return b -> {
      List<JsonValue> messages = new ArrayList<>(b.getArray("messages").elements());
      JsonObject first = messages.get(0).asObject();
      List<JsonValue> content = new ArrayList<>(first.getArray("content").elements());
      JsonObject text = content.get(0).asObject();
      content.set(0, text.with("text", JsonString.of(TAG + text.getString("text"))));
      messages.set(0, first.with("content", JsonArray.of(content)));
      return b.with("messages", JsonArray.of(messages));
    };
  }

  /** A tag later in the conversation is just text: only the first user text counts. */
  static UnaryOperator<JsonObject> tagInLaterUserText() {
    return b -> {
      List<JsonValue> messages = new ArrayList<>(b.getArray("messages").elements());
      int last = messages.size() - 1;
      JsonObject m = messages.get(last).asObject();
      List<JsonValue> content = new ArrayList<>(m.getArray("content").elements());
      content.add(JsonObject.builder().put("type", "text").put("text", TAG + "later").build());
      messages.set(last, m.with("content", JsonArray.of(content)));
      return b.with("messages", JsonArray.of(messages));
    };
  }

  static UnaryOperator<JsonObject> webSearchTool() {
    return b -> {
      List<JsonValue> tools = new ArrayList<>(b.getArray("tools").elements());
      tools.add(Json.parse("{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":5}"));
      return b.with("tools", JsonArray.of(tools));
    };
  }

  static UnaryOperator<JsonObject> imageInLastUserTurn(boolean insideToolResult) {
    JsonValue image = Json.parse("{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}");
    return b -> {
      List<JsonValue> messages = new ArrayList<>(b.getArray("messages").elements());
      int last = messages.size() - 1;
      while (!"user".equals(messages.get(last).asObject().getString("role"))) last--;
      JsonObject m = messages.get(last).asObject();
      List<JsonValue> content = new ArrayList<>(m.getArray("content").elements());
      if (insideToolResult) {
        JsonObject r = content.get(0).asObject();
        content.set(0, r.with("content", JsonArray.of(Json.parse("{\"type\":\"text\",\"text\":\"shot\"}"), image)));
      } else {
        content.add(image);
      }
      messages.set(last, m.with("content", JsonArray.of(content)));
      return b.with("messages", JsonArray.of(messages));
    };
  }

  @SafeVarargs
  static Arguments row(String capture, String expected, int threshold, UnaryOperator<JsonObject>... edits) {
    return Arguments.of(capture, expected, threshold, List.of(edits));
  }

  static Stream<Arguments> precedence() {
    return Stream.of(
        row("say-hi", "think:brain,think-m", HIGH),
        row("say-hi", "think:brain,think-m", HIGH, thinking("enabled")),
        row("say-hi", "default:main,default-m", HIGH, thinking("disabled")),
        row("say-hi", "default:main,default-m", HIGH, thinking(null)),
        row("say-hi", "background:cheap,bg-m", HIGH, model("claude-haiku-4-5")),
        row("say-hi", "background:cheap,bg-m", HIGH, model("claude-3-5-haiku-20241022"), thinking("adaptive")),
        row("say-hi", "subagent:sub,agent-m", HIGH, tagInSystem(1)),
        row("say-hi", "subagent:sub,agent-m", HIGH, tagInSystem(2)),
        row("tool-read-turn2", "subagent:sub,agent-m", HIGH, tagInFirstUserText()),
        row("say-hi", "subagent:sub,agent-m", HIGH, tagInSystem(2), model("claude-haiku-4-5")),
        row("say-hi", "webSearch:web,web-m", HIGH, webSearchTool()),
        row("say-hi", "explicit:main,other-m", HIGH, model("main,other-m"), tagInSystem(2), webSearchTool()),
        row("say-hi", "explicit:main,other-m", HIGH, model("main/other-m")),
        row("say-hi", "longContext:big,long-m", 1_000, tagInSystem(2), model("claude-haiku-4-5")),
        row("say-hi", "explicit:main,other-m", 1_000, model("main,other-m")),
        row("tool-read-turn2", "image:eyes,img-m", 1_000, imageInLastUserTurn(true), model("main,other-m")),
        row("say-hi", "image:eyes,img-m", HIGH, imageInLastUserTurn(false)),
        row("tool-read-turn2", "think:brain,think-m", HIGH, tagInLaterUserText())
    );
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("precedence")
  void rulesApplyInOrder(String capture, String expected, int threshold, List<UnaryOperator<JsonObject>> edits) {
    JsonObject body = base(capture);
    for (UnaryOperator<JsonObject> e : edits) body = e.apply(body);
    MessagesRequest request = AnthropicJson.request(body);
    CcrConfig config = CcrConfig.parse(String.format(CONFIG, threshold));

    Route route = new ScenarioRouter(config, List.of(), new SessionMemory(10))
        .route(new RoutingContext(request, "s", config, new TokenCounter()::count));

    assertThat(route.scenario() + ":" + route.target()).isEqualTo(expected);
    assertThat(route.sessionId()).isEqualTo("s");
  }

  @Test
  void customRouterBeatsExplicitButNotImage() {
    CcrConfig config = CcrConfig.parse(String.format(CONFIG, HIGH));
    Router custom = ctx -> Optional.of(Route.of("main", "other-m", "mine", "custom"));
    ScenarioRouter router = new ScenarioRouter(config, List.of(new ScenarioRouter.NamedRouter("mine", custom)),
        new SessionMemory(10));

    MessagesRequest explicit = AnthropicJson.request(model("brain,think-m").apply(base("say-hi")));
    MessagesRequest image = AnthropicJson.request(imageInLastUserTurn(false).apply(base("say-hi")));

    assertThat(router.route(ctx(explicit, config, 1)).scenario()).isEqualTo("mine");
    assertThat(router.route(ctx(image, config, 1)).scenario()).isEqualTo("image");
  }

  @Test
  void emptyEntryFallsThroughAndTokensAreCountedOnlyWhenARuleNeedsThem() {
    CcrConfig config = CcrConfig.parse("{Providers: [{name: 'main', api_base_url: 'https://m.example/v1', models: ['m']}],"
        + " Router: {default: 'main,m', think: '', longContext: ''}}");
    RoutingContext ctx = ctx(AnthropicJson.request(base("say-hi")), config, 1);

    Route route = new ScenarioRouter(config, List.of(), new SessionMemory(10)).route(ctx);

    assertThat(route.scenario()).isEqualTo("default");
    assertThat(ctx.tokensCounted()).isFalse();
  }

  @Test
  void aLongSessionStaysOnTheLongContextModelUntilItShrinksBelowTheFloor() {
    CcrConfig config = CcrConfig.parse(String.format(CONFIG, 60_000));
    SessionMemory sessions = new SessionMemory(10);
    ScenarioRouter router = new ScenarioRouter(config, List.of(), sessions);
    MessagesRequest request = AnthropicJson.request(thinking(null).apply(base("say-hi")));

    assertThat(router.route(ctx(request, config, 70_000)).scenario()).isEqualTo("longContext");
    sessions.record("s", 70_000);
    assertThat(router.route(ctx(request, config, 30_000)).scenario()).as("previous turn was long").isEqualTo("longContext");
    assertThat(router.route(ctx(request, config, 19_000)).scenario()).as("below the floor").isEqualTo("default");
    sessions.record("s", 19_000);
    assertThat(router.route(ctx(request, config, 30_000)).scenario()).as("came back down").isEqualTo("default");
    assertThat(router.route(new RoutingContext(request, "other", config, r -> 30_000)).scenario()).isEqualTo("default");
  }

  @Test
  void aTagNamingAnUnconfiguredProviderOrModelIsAClearError() {
    CcrConfig config = CcrConfig.parse(String.format(CONFIG, HIGH));
    ScenarioRouter router = new ScenarioRouter(config, List.of(), new SessionMemory(10));
    JsonObject body = base("say-hi");
    JsonObject ghost = body.with("system", JsonArray.of(Json.parse(
        "{\"type\":\"text\",\"text\":\"<CCR-SUBAGENT-MODEL>ghost,x</CCR-SUBAGENT-MODEL>hi\"}")));
    JsonObject unlisted = body.with("system", JsonArray.of(Json.parse(
        "{\"type\":\"text\",\"text\":\"<CCR-SUBAGENT-MODEL>sub,nope</CCR-SUBAGENT-MODEL>hi\"}")));

    assertThatThrownBy(() -> router.route(ctx(AnthropicJson.request(ghost), config, 1)))
        .isInstanceOf(NoRouteException.class).hasMessageContaining("provider \"ghost\", which is not configured");
    assertThatThrownBy(() -> router.route(ctx(AnthropicJson.request(unlisted), config, 1)))
        .isInstanceOf(NoRouteException.class).hasMessageContaining("model \"nope\", which provider \"sub\" does not list");
  }

  @Test
  void theTagIsRemovedBeforeTheRequestGoesUpstream() {
    MessagesRequest tagged = AnthropicJson.request(tagInFirstUserText().apply(tagInSystem(2).apply(base("say-hi"))));

    MessagesRequest stripped = SubagentTag.strip(tagged);

    assertThat(AnthropicJson.write(tagged)).contains("CCR-SUBAGENT-MODEL");
    assertThat(AnthropicJson.write(stripped)).doesNotContain("CCR-SUBAGENT-MODEL");
    assertThat(SubagentTag.find(stripped)).isNull();
    MessagesRequest plain = AnthropicJson.request(base("say-hi"));
    assertThat(SubagentTag.strip(plain)).isSameAs(plain);
  }

  static RoutingContext ctx(MessagesRequest request, CcrConfig config, int tokens) {
    return new RoutingContext(request, "s", config, r -> tokens);
  }
}
