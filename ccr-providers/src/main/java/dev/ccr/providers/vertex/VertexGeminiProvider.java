package dev.ccr.providers.vertex;

import dev.ccr.config.ProviderConfig;
import dev.ccr.config.TransformerUse;
import dev.ccr.engine.Clock;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.providers.gemini.GeminiProvider;
import dev.ccr.routing.Route;
import dev.ccr.spi.Provider;
import dev.ccr.spi.StreamDecoder;
import dev.ccr.spi.UpstreamRequest;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import okhttp3.OkHttpClient;

/**
 * Gemini on Vertex AI: the Gemini wire format of the {@code gemini} provider, sent to {@code
 * publishers/google/models/{model}:generateContent} (or {@code :streamGenerateContent?alt=sse}) in
 * the entry's project and location, with a Google OAuth token instead of an API key.
 */
final class VertexGeminiProvider implements Provider {
  private final Provider gemini;
  private final VertexEndpoint endpoint;
  private final AccessTokens tokens;

  VertexGeminiProvider(ProviderConfig config, VertexEndpoint endpoint, AccessTokens tokens) {
    // The Gemini provider encodes and decodes; its URL and key are replaced by Vertex's.
    this.gemini = new GeminiProvider.Factory().create(config.withApiKey(null).withApiBaseUrl(endpoint.base()));
    this.endpoint = endpoint;
    this.tokens = tokens;
  }

  @Override
  public UpstreamRequest prepare(MessagesRequest request, Route route) {
    UpstreamRequest r = gemini.prepare(request, route);
    String method = r.stream() ? ":streamGenerateContent?alt=sse" : ":generateContent";
    return r.withUrl(endpoint.modelUrl("google", route.model()) + method)
        .withHeader("Authorization", tokens.authorization(route));
  }

  @Override
  public MessagesResponse readResponse(JsonValue body, Route route) {
    return gemini.readResponse(body, route);
  }

  @Override
  public StreamDecoder newStreamDecoder(Route route) {
    return gemini.newStreamDecoder(route);
  }

  @Override
  public List<TransformerUse> transformers(String model) {
    return gemini.transformers(model);
  }

  /** {@code vertex-gemini} in a {@code use} list or as the entry's name. */
  public static final class Factory extends VertexFactory {
    public Factory() {}

    Factory(Function<String, String> env, Clock clock, OkHttpClient http, LongSupplier epochSeconds) {
      super(env, clock, http, epochSeconds);
    }

    @Override
    public String name() {
      return "vertex-gemini";
    }

    @Override
    Provider create(ProviderConfig config, VertexEndpoint endpoint, AccessTokens tokens) {
      return new VertexGeminiProvider(config, endpoint, tokens);
    }
  }
}
