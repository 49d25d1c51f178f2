package dev.ccr.providers.vertex;

import dev.ccr.config.TransformerUse;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.routing.Route;
import dev.ccr.spi.Provider;
import dev.ccr.spi.StreamDecoder;
import dev.ccr.spi.UpstreamRequest;
import java.util.List;

/**
 * A provider on Vertex AI: another provider's wire format (Gemini's, Anthropic's) encodes and
 * decodes; Vertex changes only where the request goes, a little of its body, and the auth.
 */
abstract class VertexProvider implements Provider {
  private final Provider wire;
  final VertexEndpoint endpoint;
  private final AccessTokens tokens;

  VertexProvider(Provider wire, VertexEndpoint endpoint, AccessTokens tokens) {
    this.wire = wire;
    this.endpoint = endpoint;
    this.tokens = tokens;
  }

  /** {@code request} as the wire provider prepared it, moved to Vertex's URL and body. */
  abstract UpstreamRequest onVertex(UpstreamRequest request, Route route);

  @Override
  public final UpstreamRequest prepare(MessagesRequest request, Route route) {
    return onVertex(wire.prepare(request, route), route).withHeader("Authorization", tokens.authorization(route));
  }

  @Override
  public final MessagesResponse readResponse(JsonValue body, Route route) {
    return wire.readResponse(body, route);
  }

  @Override
  public final StreamDecoder newStreamDecoder(Route route) {
    return wire.newStreamDecoder(route);
  }

  @Override
  public final List<TransformerUse> transformers(String model) {
    return wire.transformers(model);
  }
}
