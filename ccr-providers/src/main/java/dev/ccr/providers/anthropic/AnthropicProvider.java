package dev.ccr.providers.anthropic;

import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonValue;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.routing.Route;
import dev.ccr.spi.Provider;
import dev.ccr.spi.StreamDecoder;
import dev.ccr.spi.UpstreamEvent;
import dev.ccr.spi.UpstreamRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Anthropic's Messages API, or any endpoint that speaks it: the request goes out in Anthropic's
 * format and the answer comes back unchanged. Auth is {@code x-api-key}, or {@code Authorization:
 * Bearer} when the provider entry says {@code "auth": "bearer"}.
 */
public final class AnthropicProvider implements Provider, Provider.Forwarding {
  static final String VERSION = "2023-06-01";

  private final ProviderConfig config;
  private final String url;
  private final boolean bearer;

  AnthropicProvider(ProviderConfig config) {
    this.config = config;
    this.url = messagesUrl(config.apiBaseUrl());
    this.bearer = "bearer".equalsIgnoreCase(config.raw().getString("auth"));
  }

  /** The Messages endpoint for a configured URL: used as is when it ends in {@code /messages}. */
  static String messagesUrl(String base) {
    String path = URI.create(base).getPath();
    if (path != null && path.endsWith("/messages")) return base;
    String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return trimmed.endsWith("/v1") ? trimmed + "/messages" : trimmed + "/v1/messages";
  }

  @Override
  public UpstreamRequest prepare(MessagesRequest request, Route route) {
    return new UpstreamRequest(UpstreamRequest.ANTHROPIC, url, headers(Map.of()), AnthropicJson.toTree(request),
        request.isStream());
  }

  @Override
  public UpstreamRequest.Raw forward(byte[] body, Map<String, String> clientHeaders, Route route) {
    return new UpstreamRequest.Raw(url, headers(clientHeaders), body);
  }

  /** Auth as configured; the client's version and beta headers when it sent them. */
  private Map<String, String> headers(Map<String, String> client) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("anthropic-version", client.getOrDefault("anthropic-version", VERSION));
    String beta = client.get("anthropic-beta");
    if (beta != null) headers.put("anthropic-beta", beta);
    if (config.apiKey() != null) {
      if (bearer) headers.put("Authorization", "Bearer " + config.apiKey());
      else headers.put("x-api-key", config.apiKey());
    }
    return headers;
  }

  @Override
  public MessagesResponse readResponse(JsonValue body, Route route) {
    return AnthropicJson.response(body);
  }

  @Override
  public StreamDecoder newStreamDecoder(Route route) {
    return new StreamDecoder() {
      private boolean stopped;

      @Override
      public void decode(UpstreamEvent event, Consumer<StreamEvent> out) {
        StreamEvent e = AnthropicJson.event(event.data());
        if (e instanceof StreamEvent.MessageStop || e instanceof StreamEvent.Error) stopped = true;
        out.accept(e);
      }

      @Override
      public void finish(Consumer<StreamEvent> out) {
        if (!stopped) {
          out.accept(new StreamEvent.Error(dev.ccr.model.ApiError.of("api_error",
              route.target() + ": the stream ended before message_stop")));
        }
      }
    };
  }

  /** {@code anthropic} in a {@code use} list, or an {@code api.anthropic.com} URL. */
  public static final class Factory implements Provider.Factory {
    @Override
    public String name() {
      return "anthropic";
    }

    @Override
    public Set<String> hosts() {
      return Set.of("api.anthropic.com");
    }

    @Override
    public Provider create(ProviderConfig config) {
      return new AnthropicProvider(config);
    }
  }
}
