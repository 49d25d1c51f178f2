package dev.ccr.providers.vertex;

import dev.ccr.config.ProviderConfig;
import dev.ccr.engine.Clock;
import dev.ccr.json.JsonString;
import dev.ccr.providers.anthropic.AnthropicProvider;
import dev.ccr.routing.Route;
import dev.ccr.spi.UpstreamRequest;
import java.util.function.Function;
import java.util.function.LongSupplier;
import okhttp3.OkHttpClient;

/**
 * Claude on Vertex AI: Anthropic's Messages format, sent to {@code
 * publishers/anthropic/models/{model}:rawPredict} (or {@code :streamRawPredict}) with the two
 * differences Vertex makes: the model is in the URL, not the body, and {@code anthropic_version}
 * ({@code vertex-2023-10-16}) is in the body. Not a byte-forwarding provider: the body must change.
 */
final class VertexClaudeProvider extends VertexProvider {
  static final String ANTHROPIC_VERSION = "vertex-2023-10-16";

  VertexClaudeProvider(ProviderConfig config, VertexEndpoint endpoint, AccessTokens tokens) {
    // The Anthropic provider encodes and decodes; its URL and auth are replaced by Vertex's.
    super(new AnthropicProvider.Factory().create(config.withApiKey(null).withApiBaseUrl(endpoint.base())), endpoint, tokens);
  }

  @Override
  UpstreamRequest onVertex(UpstreamRequest r, Route route) {
    String method = r.stream() ? ":streamRawPredict" : ":rawPredict";
    return r.withUrl(endpoint.modelUrl("anthropic", route.model()) + method)
        .withBody(r.body().without("model").with("anthropic_version", JsonString.of(ANTHROPIC_VERSION)))
        .withHeader("anthropic-version", null); // the version travels in the body on Vertex
  }

  /** {@code vertex-claude} in a {@code use} list or as the entry's name. */
  public static final class Factory extends VertexFactory {
    public Factory() {
      super("vertex-claude", VertexClaudeProvider::new);
    }

    Factory(Function<String, String> env, Clock clock, OkHttpClient http, LongSupplier epochSeconds) {
      super("vertex-claude", VertexClaudeProvider::new, env, clock, http, epochSeconds);
    }
  }
}
