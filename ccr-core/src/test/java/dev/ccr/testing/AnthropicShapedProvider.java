package dev.ccr.testing;

import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonValue;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.routing.Route;
import dev.ccr.spi.Provider;
import dev.ccr.spi.StreamDecoder;
import dev.ccr.spi.UpstreamRequest;
import java.util.Map;

/** A test provider that speaks the Anthropic format to {@code api_base_url}, for engine tests in ccr-core. */
public final class AnthropicShapedProvider implements Provider {
  private final ProviderConfig config;

  public AnthropicShapedProvider(ProviderConfig config) {
    this.config = config;
  }

  /** Registers under {@code name}. */
  public static Provider.Factory factory(String name) {
    return new Provider.Factory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Provider create(ProviderConfig config) {
        return new AnthropicShapedProvider(config);
      }
    };
  }

  @Override
  public UpstreamRequest prepare(MessagesRequest request, Route route) {
    return new UpstreamRequest(UpstreamRequest.ANTHROPIC, config.apiBaseUrl(),
        Map.of("x-api-key", String.valueOf(config.apiKey())), AnthropicJson.toTree(request), request.isStream());
  }

  @Override
  public MessagesResponse readResponse(JsonValue body, Route route) {
    return AnthropicJson.response(body);
  }

  @Override
  public StreamDecoder newStreamDecoder(Route route) {
    return new StreamDecoder() {
      @Override
      public void decode(dev.ccr.spi.UpstreamEvent event, java.util.function.Consumer<dev.ccr.model.StreamEvent> out) {
        out.accept(AnthropicJson.event(event.data()));
      }

      @Override
      public void finish(java.util.function.Consumer<dev.ccr.model.StreamEvent> out) {}
    };
  }
}
