package dev.ccr.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.ConfigException;
import dev.ccr.Reply;
import dev.ccr.config.CcrConfig;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.StreamEvent;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.testing.AnthropicShapedProvider;
import dev.ccr.testing.EmbeddingsServer;
import dev.ccr.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code "cacheStrategy": "semantic-similarity"}: a similar last user text along the same context reuses an answer. */
class SemanticCacheTest {
  static final String SEMANTIC = ", caching: {enabled: true, cacheStrategy: 'semantic-similarity', similarityThreshold: 0.95,"
      + " embedding: {provider: 'emb', model: 'text-embedding-3-small'}}";

  final FakeClock clock = new FakeClock();
  MockWebServer upstream;
  EmbeddingsServer embeddings;
  ClaudeCodeRouter ccr;

  @BeforeEach
  void start() throws Exception {
    upstream = new MockWebServer();
    upstream.start();
    embeddings = new EmbeddingsServer()
        .vector("what is two plus two?", 1, 0, 0)
        .vector("what's 2 + 2?", 0.99f, 0.1f, 0) // cosine 0.995
        .vector("tell me a joke", 0.6f, 0.8f, 0); // cosine 0.6
  }

  @AfterEach
  void stop() {
    if (ccr != null) ccr.close();
    upstream.close();
    embeddings.close();
  }

  ClaudeCodeRouter router(String caching) {
    CcrConfig config = CcrConfig.parse("{Providers: [{name: 'up', api_base_url: '" + upstream.url("/v1/messages")
        + "', api_key: 'sk-up', models: ['m1'], transformer: {use: ['fake']}},"
        + " {name: 'emb', api_base_url: '" + embeddings.chatUrl() + "', api_key: 'sk-emb', models: ['gpt-x'],"
        + " transformer: {use: ['fake']}}], Router: {default: 'up,m1'}" + caching + "}");
    return ccr = ClaudeCodeRouter.builder().config(config).clock(clock)
        .plugins(PluginRegistry.builder().discover(false).provider(AnthropicShapedProvider.factory("fake")).build())
        .build();
  }

  static String ask(String text) {
    return "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,\"system\":\"be brief\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"hello\"},{\"role\":\"assistant\",\"content\":\"hi\"},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}]}";
  }

  void enqueueAnswer(String text) {
    upstream.enqueue(new MockResponse.Builder().addHeader("content-type", "application/json")
        .body(ResponseCacheTest.RESPONSE.replace("\"hello\"", "\"" + text + "\"")).build());
  }

  Reply exchange(String json, Map<String, String> clientHeaders) {
    MessagesRequest r = AnthropicJson.readRequest(json);
    return ccr.exchange(r, json.getBytes(StandardCharsets.UTF_8), clientHeaders, ccr.route(r));
  }

  String answer(String json) {
    return answer(json, Map.of());
  }

  String answer(String json, Map<String, String> clientHeaders) {
    try (Reply reply = exchange(json, clientHeaders)) {
      return ((dev.ccr.model.TextBlock) ((Reply.Message) reply).message().content().get(0)).text();
    }
  }

  @Test
  void aSimilarLastUserTextIsAnsweredFromTheCacheWithoutCallingTheProvider() {
    router(SEMANTIC);
    enqueueAnswer("four");

    assertThat(answer(ask("what is two plus two?"))).isEqualTo("four");
    assertThat(answer(ask("what's 2 + 2?"))).isEqualTo("four");

    assertThat(upstream.getRequestCount()).as("the second was not sent").isEqualTo(1);
    assertThat(embeddings.authorization()).isEqualTo("Bearer sk-emb");
    CacheStats stats = ccr.cacheStats();
    assertThat(stats.strategy()).isEqualTo("semantic-similarity");
    assertThat(stats.semanticHits()).isEqualTo(1);
    assertThat(stats.exactHits()).isZero();
    assertThat(stats.misses()).isEqualTo(1);
    assertThat(stats.embeddingCalls()).isEqualTo(2);
    assertThat(stats.tokensSaved()).isEqualTo(40);
  }

  @Test
  void aTextBelowTheThresholdMisses() {
    router(SEMANTIC);
    enqueueAnswer("four");
    enqueueAnswer("a joke");

    answer(ask("what is two plus two?"));
    assertThat(answer(ask("tell me a joke"))).isEqualTo("a joke");
    assertThat(upstream.getRequestCount()).isEqualTo(2);
    assertThat(ccr.cacheStats().semanticHits()).isZero();
  }

  @Test
  void theSameRequestIsAnExactHitWithoutAnEmbeddingsCall() {
    router(SEMANTIC);
    enqueueAnswer("four");
    answer(ask("what is two plus two?"));
    answer(ask("what is two plus two?"));
    assertThat(upstream.getRequestCount()).isEqualTo(1);
    assertThat(embeddings.calls()).as("only the first, which missed").isEqualTo(1);
    assertThat(ccr.cacheStats().exactHits()).isEqualTo(1);
  }

  @Test
  void otherEarlierTurnsOrSystemOrSamplingNeverShareAnAnswer() {
    router(SEMANTIC);
    for (int i = 0; i < 4; i++) enqueueAnswer("answer " + i);
    answer(ask("what is two plus two?"));
    assertThat(answer(ask("what's 2 + 2?").replace("be brief", "be verbose"))).isEqualTo("answer 1");
    assertThat(answer(ask("what's 2 + 2?").replace("\"content\":\"hello\"", "\"content\":\"howdy\""))).isEqualTo("answer 2");
    assertThat(answer(ask("what's 2 + 2?").replace("\"max_tokens\":50", "\"max_tokens\":50,\"temperature\":0.9")))
        .isEqualTo("answer 3");
    assertThat(ccr.cacheStats().semanticHits()).isZero();
  }

  @Test
  void requestsWithToolsAreNeverAnsweredBySimilarity() {
    router(SEMANTIC);
    enqueueAnswer("four");
    enqueueAnswer("four again");
    String tools = "\"tools\":[{\"name\":\"calc\",\"description\":\"adds\",\"input_schema\":{\"type\":\"object\"}}],";
    answer(ask("what is two plus two?").replace("\"system\"", tools + "\"system\""));
    assertThat(answer(ask("what's 2 + 2?").replace("\"system\"", tools + "\"system\""))).isEqualTo("four again");
    assertThat(embeddings.calls()).isZero();
  }

  @Test
  void requestsCarryingToolResultsAreNeverAnsweredBySimilarity() {
    router(SEMANTIC);
    enqueueAnswer("one");
    enqueueAnswer("two");
    String turn = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,\"messages\":["
        + "{\"role\":\"user\",\"content\":\"read it\"},"
        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"read\",\"input\":{}}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"42\"},"
        + "{\"type\":\"text\",\"text\":\"TEXT\"}]}]}";
    answer(turn.replace("TEXT", "what is two plus two?"));
    assertThat(answer(turn.replace("TEXT", "what's 2 + 2?"))).isEqualTo("two");
    assertThat(embeddings.calls()).isZero();
  }

  @Test
  void aFailingEmbeddingsEndpointLeavesRequestsAnsweredAndUncachedBySimilarity() {
    router(SEMANTIC);
    enqueueAnswer("unknown text answered");
    enqueueAnswer("still answered");
    assertThat(answer(ask("no vector for this"))).isEqualTo("unknown text answered");
    assertThat(answer(ask("nor for this"))).isEqualTo("still answered");
    assertThat(answer(ask("no vector for this"))).as("the exact cache still works").isEqualTo("unknown text answered");
    CacheStats stats = ccr.cacheStats();
    assertThat(stats.embeddingFailures()).as("the second comes while it cools off: not asked, not waited for").isEqualTo(1);
    assertThat(stats.exactHits()).isEqualTo(1);
    assertThat(upstream.getRequestCount()).isEqualTo(2);
  }

  @Test
  void anEmbeddingsEndpointThatDoesNotAnswerInTimeLeavesTheRequestAnswered() {
    router(SEMANTIC.replace("model: 'text-embedding-3-small'", "model: 'text-embedding-3-small', timeoutMs: 200"));
    embeddings.hang();
    enqueueAnswer("four");
    assertThat(answer(ask("what is two plus two?"))).isEqualTo("four");
    assertThat(ccr.cacheStats().embeddingFailures()).isEqualTo(1);
  }

  @Test
  void anotherClientKeyNeverGetsASimilarAnswer() {
    router(SEMANTIC);
    enqueueAnswer("alice's");
    enqueueAnswer("bob's");
    answer(ask("what is two plus two?"), Map.of(ResponseCache.CLIENT_KEY, "key-alice"));
    assertThat(answer(ask("what's 2 + 2?"), Map.of(ResponseCache.CLIENT_KEY, "key-bob"))).isEqualTo("bob's");
    assertThat(answer(ask("what's 2 + 2?"), Map.of(ResponseCache.CLIENT_KEY, "key-alice"))).isEqualTo("alice's");
    assertThat(upstream.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aStreamIsReplayedEventForEventOnASimilarText() {
    router(SEMANTIC);
    upstream.enqueue(new MockResponse.Builder().addHeader("content-type", "text/event-stream")
        .body(ResponseCacheTest.STREAM).build());
    String stream = ",\"stream\":true}";
    List<String> first = events(exchange(ask("what is two plus two?").replaceAll("}$", stream), Map.of()));
    List<String> second = events(exchange(ask("what's 2 + 2?").replaceAll("}$", stream), Map.of()));
    assertThat(second).isEqualTo(first).hasSize(7);
    assertThat(upstream.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anExplicitUrlIsUsedAndBadSettingsAreNamed() {
    embeddings.vector("x", 1, 0);
    router(", caching: {enabled: true, cacheStrategy: 'semantic-similarity', embedding: {url: '"
        + embeddings.chatUrl().replace("chat/completions", "embeddings") + "', model: 'e'}}");
    enqueueAnswer("four");
    answer(ask("x"));
    assertThat(embeddings.calls()).isEqualTo(1);
    assertThat(embeddings.authorization()).isNull();
    ccr.close();
    ccr = null;

    assertThatThrownBy(() -> router(", caching: {enabled: true, cacheStrategy: 'semantic-similarity'}"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("caching.embedding");
    assertThatThrownBy(() -> router(", caching: {enabled: true, cacheStrategy: 'semantic-similarity', similarityThreshold: 2,"
        + " embedding: {provider: 'nope', model: 'e'}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("caching.similarityThreshold")
        .hasMessageContaining("\"nope\" is not in Providers");
    assertThatThrownBy(() -> router(", caching: {enabled: true, cacheStrategy: 'semantic-similarity',"
        + " embedding: {provider: 'up', model: 'e'}}"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("caching.embedding.url is needed");
    assertThatThrownBy(() -> router(", caching: {enabled: true, cacheStrategy: 'fuzzy'}"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("\"fuzzy\"");
  }

  @Test
  void theEmbeddingsUrlComesFromTheChatUrl() {
    assertThat(OpenAiEmbeddings.urlFor("https://api.openai.com/v1/chat/completions"))
        .isEqualTo("https://api.openai.com/v1/embeddings");
    assertThat(OpenAiEmbeddings.urlFor("http://localhost:11434/v1/chat/completions/")).isEqualTo("http://localhost:11434/v1/embeddings");
    assertThat(OpenAiEmbeddings.urlFor("https://api.anthropic.com/v1/messages")).isNull();
    assertThat(SemanticIndex.cosine(new float[] {1, 0}, new float[] {1, 0, 0})).as("another model's vector").isNegative();
  }

  List<String> events(Reply reply) {
    List<String> out = new ArrayList<>();
    try (reply) {
      for (StreamEvent e : ((Reply.Events) reply).events()) out.add(AnthropicJson.write(e));
    }
    return out;
  }
}
