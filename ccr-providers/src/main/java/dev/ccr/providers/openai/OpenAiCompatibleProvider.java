package dev.ccr.providers.openai;

import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonObject;
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
import java.util.Set;

/**
 * Any OpenAI Chat Completions endpoint: Bearer auth, any base URL, usage asked for on streams.
 * Providers that differ override
 * {@link #dialect} and {@link #adjust} instead of copying this.
 */
public class OpenAiCompatibleProvider implements Provider {
  protected final ProviderConfig config;
  private final ChatDialect dialect;
  private final String url;

  public OpenAiCompatibleProvider(ProviderConfig config, ChatDialect dialect) {
    this.config = config;
    this.dialect = dialect;
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

  /** What the API accepts for {@code model}. */
  protected ChatDialect dialect(String model) {
    return dialect;
  }

  /** Provider-specific changes to a translated body; none by default. */
  protected JsonObject adjust(JsonObject body, MessagesRequest request, Route route) {
    return body;
  }

  @Override
  public final UpstreamRequest prepare(MessagesRequest request, Route route) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (config.apiKey() != null) headers.put("Authorization", "Bearer " + config.apiKey());
    JsonObject body = new ChatRequestEncoder(dialect(route.model()), config.name()).encode(request);
    return new UpstreamRequest(UpstreamRequest.OPENAI_CHAT, url, headers, adjust(body, request, route), request.isStream());
  }

  @Override
  public MessagesResponse readResponse(JsonValue body, Route route) {
    return ChatResponseDecoder.decode(body, route);
  }

  @Override
  public StreamDecoder newStreamDecoder(Route route) {
    return new ChatStreamDecoder(route);
  }

  /** {@code openai} in a {@code use} list, and the default for entries that name no other provider. */
  public static final class Factory implements Provider.Factory {
    @Override
    public String name() {
      return "openai";
    }

    @Override
    public Set<String> hosts() {
      return Set.of(); // api.openai.com is the "openai-api" preset, which sends max_completion_tokens
    }

    @Override
    public Provider create(ProviderConfig config) {
      return new OpenAiCompatibleProvider(config, ChatDialect.DEFAULT);
    }
  }
}
