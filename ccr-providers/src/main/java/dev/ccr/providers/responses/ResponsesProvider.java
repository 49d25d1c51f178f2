package dev.ccr.providers.responses;

import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.routing.Route;
import dev.ccr.spi.Provider;
import dev.ccr.spi.StreamDecoder;
import dev.ccr.spi.UpstreamRequest;
import dev.ccr.transformers.responses.ResponsesRequestEncoder;
import dev.ccr.transformers.responses.ResponsesResponseDecoder;
import dev.ccr.transformers.responses.ResponsesStreamDecoder;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAI Responses API ({@code POST /v1/responses}), which the newest OpenAI models (the
 * GPT-5 codex family) answer only on: Bearer auth, any base URL. Chosen by {@code
 * openai-responses} in a {@code use} list, as the original names it, or by a URL ending in {@code
 * /responses}.
 */
final class ResponsesProvider implements Provider {
  static final String DEFAULT_URL = "https://api.openai.com/v1/responses";
  /** The wire format's name in {@link UpstreamRequest#format()}. */
  static final String FORMAT = "openai-responses";

  private final ProviderConfig config;
  private final ResponsesRequestEncoder encoder;
  private final String url;

  ResponsesProvider(ProviderConfig config) {
    this.config = config;
    this.encoder = new ResponsesRequestEncoder(config.name());
    this.url = responsesUrl(config.apiBaseUrl());
  }

  /** The endpoint for a configured URL: as given when it ends in {@code /responses}, else that path added. */
  static String responsesUrl(String base) {
    String path = URI.create(base).getPath();
    String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    if (path != null && (path.endsWith("/responses") || path.endsWith("/responses/"))) return trimmed;
    if (path == null || path.isEmpty() || path.equals("/")) return trimmed + "/v1/responses";
    return trimmed + "/responses";
  }

  @Override
  public UpstreamRequest prepare(MessagesRequest request, Route route) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (config.apiKey() != null) headers.put("Authorization", "Bearer " + config.apiKey());
    return new UpstreamRequest(FORMAT, url, headers, encoder.encode(request), request.isStream());
  }

  @Override
  public MessagesResponse readResponse(JsonValue body, Route route) {
    return ResponsesResponseDecoder.decode(body, route);
  }

  @Override
  public StreamDecoder newStreamDecoder(Route route) {
    return new ResponsesStreamDecoder(route);
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
