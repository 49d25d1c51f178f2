package dev.ccr.providers.gemini;

import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.routing.Route;
import dev.ccr.spi.Provider;
import dev.ccr.spi.StreamDecoder;
import dev.ccr.spi.UpstreamRequest;
import dev.ccr.transformers.gemini.GeminiRequestEncoder;
import dev.ccr.transformers.gemini.GeminiResponseDecoder;
import dev.ccr.transformers.gemini.GeminiStreamDecoder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Google's Gemini API in its own format: {@code models/{model}:generateContent}, or {@code
 * :streamGenerateContent?alt=sse} for streams, with the key in {@code x-goog-api-key}.
 * {@code api_base_url} is the models URL, as the original takes it.
 */
public final class GeminiProvider implements Provider {
  static final String DEFAULT_URL = "https://generativelanguage.googleapis.com/v1beta/models/";

  private final ProviderConfig config;
  private final GeminiRequestEncoder encoder;
  private final String base;

  GeminiProvider(ProviderConfig config) {
    this.config = config;
    this.encoder = new GeminiRequestEncoder(config.name());
    String url = config.apiBaseUrl();
    int models = url.indexOf("/models");
    // Accept the models URL with or without a trailing slash, or a full method URL.
    this.base = models >= 0 ? url.substring(0, models) + "/models/" : (url.endsWith("/") ? url : url + "/");
  }

  @Override
  public UpstreamRequest prepare(MessagesRequest request, Route route) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (config.apiKey() != null) headers.put("x-goog-api-key", config.apiKey());
    String url = base + route.model() + (request.isStream() ? ":streamGenerateContent?alt=sse" : ":generateContent");
    return new UpstreamRequest(UpstreamRequest.GEMINI, url, headers, encoder.encode(request), request.isStream());
  }

  @Override
  public MessagesResponse readResponse(JsonValue body, Route route) {
    return GeminiResponseDecoder.decode(body, route);
  }

  @Override
  public StreamDecoder newStreamDecoder(Route route) {
    return new GeminiStreamDecoder(route);
  }

  /** {@code gemini} in a {@code use} list, or a generativelanguage.googleapis.com URL. */
  public static final class Factory implements Provider.Factory {
    @Override
    public String name() {
      return "gemini";
    }

    @Override
    public Set<String> hosts() {
      return Set.of("generativelanguage.googleapis.com");
    }

    @Override
    public String defaultBaseUrl(ProviderConfig config) {
      return DEFAULT_URL;
    }

    @Override
    public Provider create(ProviderConfig config) {
      return new GeminiProvider(config);
    }
  }
}
