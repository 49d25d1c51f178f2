package dev.ccr.providers.vertex;

import dev.ccr.config.ProviderConfig;
import dev.ccr.engine.Clock;
import dev.ccr.providers.openai.OpenAiCompatibleProvider;
import dev.ccr.routing.Route;
import dev.ccr.spi.UpstreamRequest;
import java.util.function.Function;
import java.util.function.LongSupplier;
import okhttp3.OkHttpClient;

/**
 * Vertex AI's OpenAI-compatible endpoint ({@code projects/{project}/locations/{location}/endpoints/openapi/chat/completions}):
 * the Chat Completions format of the {@code openai} provider with a Google OAuth token. The model
 * keeps its publisher in the body, as Vertex wants it ({@code google/gemini-2.5-flash},
 * {@code meta/llama-4-maverick-17b-128e-instruct-maas}). The original's configs work unchanged:
 * the whole endpoint URL as {@code api_base_url} gives project and location, and a service account
 * key in the options ({@code ["vertex-openai", {"client_email", "private_key"}]}) signs the tokens.
 */
final class VertexOpenAiProvider extends VertexProvider {
  VertexOpenAiProvider(ProviderConfig config, VertexEndpoint endpoint, AccessTokens tokens) {
    // The OpenAI-compatible provider encodes and decodes; its URL and key are replaced by Vertex's.
    super(new OpenAiCompatibleProvider.Factory().create(config.withApiKey(null).withApiBaseUrl(endpoint.base())), endpoint,
        tokens);
  }

  @Override
  UpstreamRequest onVertex(UpstreamRequest r, Route route) {
    return r.withUrl(endpoint.openAiChatUrl());
  }

  /** {@code vertex-openai} in a {@code use} list or as the entry's name. */
  public static final class Factory extends VertexFactory {
    public Factory() {
      super("vertex-openai", VertexOpenAiProvider::new);
    }

    Factory(Function<String, String> env, Clock clock, OkHttpClient http, LongSupplier epochSeconds) {
      super("vertex-openai", VertexOpenAiProvider::new, env, clock, http, epochSeconds);
    }
  }
}
