package dev.ccr.providers.openai;

import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.routing.Route;
import dev.ccr.spi.Provider;
import dev.ccr.spi.StreamDecoder;
import dev.ccr.spi.UpstreamRequest;
import dev.ccr.transformers.openai.ChatDialect;
import dev.ccr.transformers.openai.ChatRequestEncoder;
import dev.ccr.transformers.openai.ChatResponseDecoder;
import dev.ccr.transformers.openai.ChatStreamDecoder;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Any OpenAI Chat Completions endpoint: Bearer auth, any base URL, usage asked for on streams.
 * Providers that differ only in dialect or headers extend this rather than copy it.
 */
public class OpenAiCompatibleProvider implements Provider {
  protected final ProviderConfig config;
  private final ChatDialect dialect;
  private final ChatRequestEncoder encoder;
  private final String url;

  public OpenAiCompatibleProvider(ProviderConfig config, ChatDialect dialect) {
    this.config = config;
    this.dialect = dialect;
    this.encoder = new ChatRequestEncoder(dialect, config.name());
    this.url = chatCompletionsUrl(config.apiBaseUrl());
  }

  /** The endpoint for a configured URL: as given when it ends in {@code /chat/completions}. */
  public static String chatCompletionsUrl(String base) {
    String path = URI.create(base).getPath();
    if (path != null && path.endsWith("/chat/completions")) return base;
    String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    if (path == null || path.isEmpty() || path.equals("/")) return trimmed + "/v1/chat/completions";
    return trimmed + "/chat/completions";
  }

  public ChatDialect dialect() {
    return dialect;
  }

  @Override
  public UpstreamRequest prepare(MessagesRequest request, Route route) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (config.apiKey() != null) headers.put("Authorization", "Bearer " + config.apiKey());
    addHeaders(headers);
    return new UpstreamRequest(UpstreamRequest.OPENAI_CHAT, url, headers, encoder.encode(request), request.isStream());
  }

  /** Extra headers a provider sends; none by default. */
  protected void addHeaders(Map<String, String> headers) {}

  @Override
  public MessagesResponse readResponse(JsonValue body, Route route) {
    return ChatResponseDecoder.decode(body, route);
  }

  @Override
  public StreamDecoder newStreamDecoder(Route route) {
    return new ChatStreamDecoder(route);
  }

  /** {@code openai} in a {@code use} list, and the default for entries that name no provider. */
  public static final class Factory implements Provider.Factory {
    @Override
    public String name() {
      return "openai";
    }

    @Override
    public java.util.Set<String> hosts() {
      return java.util.Set.of("api.openai.com");
    }

    @Override
    public Provider create(ProviderConfig config) {
      return new OpenAiCompatibleProvider(config, ChatDialect.DEFAULT);
    }
  }
}
