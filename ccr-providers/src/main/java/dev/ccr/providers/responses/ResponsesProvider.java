package dev.ccr.providers.responses;

import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonObject;
import dev.ccr.model.MessagesRequest;
import dev.ccr.providers.openai.OpenAiApiProvider;
import dev.ccr.routing.Route;
import dev.ccr.spi.Provider;
import dev.ccr.spi.UpstreamRequest;
import dev.ccr.transformers.responses.ResponsesRequestEncoder;
import dev.ccr.transformers.responses.ResponsesResponseDecoder;
import dev.ccr.transformers.responses.ResponsesStreamDecoder;
import java.util.Set;

/**
 * The OpenAI Responses API ({@code POST /v1/responses}), which the newest OpenAI models (the
 * GPT-5 codex family) answer only on: Bearer auth, any base URL. Chosen by {@code
 * openai-responses} in a {@code use} list, as the original names it, or by a URL ending in {@code
 * /responses}.
 */
final class ResponsesProvider extends OpenAiApiProvider {
  static final String DEFAULT_URL = "https://api.openai.com/v1/responses";
  /** The wire format's name in {@link UpstreamRequest#format()}. */
  static final String FORMAT = "openai-responses";

  private final ResponsesRequestEncoder encoder;

  ResponsesProvider(ProviderConfig config) {
    super(config, FORMAT, "/responses", ResponsesResponseDecoder::decode, ResponsesStreamDecoder::new);
    this.encoder = new ResponsesRequestEncoder(config.name());
  }

  @Override
  protected JsonObject body(MessagesRequest request, Route route) {
    return encoder.encode(request);
  }

  /** {@code openai-responses} in a {@code use} list, or an {@code api_base_url} ending in {@code /responses}. */
  public static final class Factory implements Provider.Factory {
    @Override
    public String name() {
      return "openai-responses";
    }

    @Override
    public Set<String> pathEndings() {
      return Set.of("/responses");
    }

    @Override
    public String defaultBaseUrl(ProviderConfig config) {
      return DEFAULT_URL;
    }

    @Override
    public Provider create(ProviderConfig config) {
      return new ResponsesProvider(config);
    }
  }
}
