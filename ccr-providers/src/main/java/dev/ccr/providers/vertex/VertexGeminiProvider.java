package dev.ccr.providers.vertex;

import dev.ccr.config.ProviderConfig;
import dev.ccr.engine.Clock;
import dev.ccr.providers.gemini.GeminiProvider;
import dev.ccr.routing.Route;
import dev.ccr.spi.UpstreamRequest;
import java.util.function.Function;
import java.util.function.LongSupplier;
import okhttp3.OkHttpClient;

/**
 * Gemini on Vertex AI: the Gemini wire format of the {@code gemini} provider, sent to {@code
 * publishers/google/models/{model}:generateContent} (or {@code :streamGenerateContent?alt=sse}) in
 * the entry's project and location, with a Google OAuth token instead of an API key.
 */
final class VertexGeminiProvider extends VertexProvider {
  VertexGeminiProvider(ProviderConfig config, VertexEndpoint endpoint, AccessTokens tokens) {
    // The Gemini provider encodes and decodes; its URL and key are replaced by Vertex's.
    super(new GeminiProvider.Factory().create(config.withApiKey(null).withApiBaseUrl(endpoint.base())), endpoint, tokens);
  }

  @Override
  UpstreamRequest onVertex(UpstreamRequest r, Route route) {
    String method = r.stream() ? ":streamGenerateContent?alt=sse" : ":generateContent";
    return r.withUrl(endpoint.modelUrl("google", route.model()) + method);
  }

  /** {@code vertex-gemini} in a {@code use} list or as the entry's name. */
  public static final class Factory extends VertexFactory {
    public Factory() {
      super("vertex-gemini", VertexGeminiProvider::new);
    }

    Factory(Function<String, String> env, Clock clock, OkHttpClient http, LongSupplier epochSeconds) {
      super("vertex-gemini", VertexGeminiProvider::new, env, clock, http, epochSeconds);
    }
  }
}
