package dev.ccr.providers.vertex;

import dev.ccr.config.ProviderConfig;
import dev.ccr.config.TransformerUse;
import dev.ccr.engine.Clock;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.providers.anthropic.AnthropicProvider;
import dev.ccr.routing.Route;
import dev.ccr.spi.Provider;
import dev.ccr.spi.StreamDecoder;
import dev.ccr.spi.UpstreamRequest;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import okhttp3.OkHttpClient;

/**
 * Claude on Vertex AI: Anthropic's Messages format, sent to {@code
 * publishers/anthropic/models/{model}:rawPredict} (or {@code :streamRawPredict}) with the two
 * differences Vertex makes: the model is in the URL, not the body, and {@code anthropic_version}
 * ({@code vertex-2023-10-16}) is in the body. Not a byte-forwarding provider: the body must change.
 */
final class VertexClaudeProvider implements Provider {
  static final String ANTHROPIC_VERSION = "vertex-2023-10-16";

  private final Provider anthropic;
  private final VertexEndpoint endpoint;
  private final AccessTokens tokens;

  VertexClaudeProvider(ProviderConfig config, VertexEndpoint endpoint, AccessTokens tokens) {
    // The Anthropic provider encodes and decodes; its URL and auth are replaced by Vertex's.
    this.anthropic = new AnthropicProvider.Factory().create(config.withApiKey(null).withApiBaseUrl(endpoint.base()));
    this.endpoint = endpoint;
    this.tokens = tokens;
  }

  @Override
  public UpstreamRequest prepare(MessagesRequest request, Route route) {
    UpstreamRequest r = anthropic.prepare(request, route);
    String method = r.stream() ? ":streamRawPredict" : ":rawPredict";
    return r.withUrl(endpoint.modelUrl("anthropic", route.model()) + method)
        .withBody(r.body().without("model").with("anthropic_version", JsonString.of(ANTHROPIC_VERSION)))
        .withHeader("anthropic-version", null) // the version travels in the body on Vertex
        .withHeader("Authorization", tokens.authorization(route));
  }

  @Override
  public MessagesResponse readResponse(JsonValue body, Route route) {
    return anthropic.readResponse(body, route);
  }

  @Override
  public StreamDecoder newStreamDecoder(Route route) {
    return anthropic.newStreamDecoder(route);
  }

  @Override
  public List<TransformerUse> transformers(String model) {
    return anthropic.transformers(model);
  }

  /** {@code vertex-claude} in a {@code use} list or as the entry's name. */
  public static final class Factory extends VertexFactory {
    public Factory() {}

    Factory(Function<String, String> env, Clock clock, OkHttpClient http, LongSupplier epochSeconds) {
      super(env, clock, http, epochSeconds);
    }

    @Override
    public String name() {
      return "vertex-claude";
    }

    @Override
    Provider create(ProviderConfig config, VertexEndpoint endpoint, AccessTokens tokens) {
      return new VertexClaudeProvider(config, endpoint, tokens);
    }
  }
}
