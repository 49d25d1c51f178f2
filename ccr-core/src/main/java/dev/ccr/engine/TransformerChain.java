package dev.ccr.engine;

import dev.ccr.config.ProviderConfig;
import dev.ccr.model.MessagesRequest;
import dev.ccr.routing.Route;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamReply;
import dev.ccr.spi.UpstreamRequest;
import java.io.IOException;
import java.util.List;

/** Runs a request through the transformers in order, then sends it with the transport. */
final class TransformerChain implements Transformer.Chain {
  private final List<Transformer> transformers;
  private final int index;
  private final UpstreamRequest request;
  private final MessagesRequest original;
  private final Route route;
  private final ProviderConfig provider;
  private final HttpTransport transport;
  private final dev.ccr.config.Resilience timeouts;
  private final HttpTransport.Origin origin;

  /** {@code origin} names the exchange the call is kept under in the captures; null keeps none. */
  TransformerChain(List<Transformer> transformers, UpstreamRequest request, MessagesRequest original,
      Route route, ProviderConfig provider, HttpTransport transport, dev.ccr.config.Resilience timeouts,
      HttpTransport.Origin origin) {
    this(transformers, 0, request, original, route, provider, transport, timeouts, origin);
  }

  private TransformerChain(List<Transformer> transformers, int index, UpstreamRequest request,
      MessagesRequest original, Route route, ProviderConfig provider, HttpTransport transport,
      dev.ccr.config.Resilience timeouts, HttpTransport.Origin origin) {
    this.transformers = transformers;
    this.index = index;
    this.request = request;
    this.original = original;
    this.route = route;
    this.provider = provider;
    this.transport = transport;
    this.timeouts = timeouts;
    this.origin = origin;
  }

  /** Starts the chain with its first request. */
  public UpstreamReply run() throws IOException {
    return proceed(request);
  }

  @Override
  public UpstreamRequest request() {
    return request;
  }

  @Override
  public UpstreamReply proceed(UpstreamRequest request) throws IOException {
    if (index >= transformers.size()) {
      return transport.send(request, route.provider(), route.model(), timeouts.firstByteMs(), timeouts.idleMs(), origin);
    }
    TransformerChain next =
        new TransformerChain(transformers, index + 1, request, original, route, provider, transport, timeouts, origin);
    UpstreamReply reply = transformers.get(index).intercept(next);
    if (reply == null) {
      throw new IllegalStateException("transformer " + transformers.get(index).getClass().getName() + " returned null");
    }
    return reply;
  }

  @Override
  public MessagesRequest original() {
    return original;
  }

  @Override
  public Route route() {
    return route;
  }

  @Override
  public ProviderConfig provider() {
    return provider;
  }
}
