package dev.ccr.engine;

import dev.ccr.EventStream;
import dev.ccr.ForwardedReply;
import dev.ccr.ProviderException;
import dev.ccr.Reply;
import dev.ccr.capture.UpstreamCaptures;
import dev.ccr.config.CcrConfig;
import dev.ccr.config.RouteTarget;
import dev.ccr.engine.Upstreams.Upstream;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.ApiError;
import dev.ccr.model.MessageAccumulator;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.StreamEvents;
import dev.ccr.model.Usage;
import dev.ccr.model.UsageTally;
import dev.ccr.routing.Route;
import dev.ccr.routing.SessionMemory;
import dev.ccr.routing.SubagentTag;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.spi.Provider;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamReply;
import dev.ccr.spi.UpstreamRequest;
import dev.ccr.usage.PriceTable;
import dev.ccr.usage.UsageLedger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * Sends routed requests upstream: through the target's transformer chain, tried as the {@link
 * AttemptPolicy} says, and back as a whole message, a stream of events, or the provider's own
 * bytes when it speaks the client's format. Usage reported by a provider is recorded per session here,
 * and every exchange leaves a {@link dev.ccr.usage.UsageRecord} in the ledger, however it ends.
 */
public final class Engine implements AutoCloseable {
  /** The client's headers an Anthropic upstream understands: they travel whichever path a request takes. */
  public static final List<String> CLIENT_HEADERS = List.of("anthropic-version", "anthropic-beta");
  /**
   * A client header map entry under this name is the host's id for the exchange: it names the usage
   * record and is never sent upstream.
   */
  public static final String REQUEST_ID = "request-id";

  private final CcrConfig config;
  private final HttpTransport transport;
  private final Upstreams upstreams;
  private final AttemptPolicy policy;
  private final SessionMemory sessions;
  private final UsageLedger ledger;
  private final PriceTable prices;
  private final Clock clock;
  private final UpstreamCaptures captures;

  /**
   * An engine for {@code config}; {@code client} is the host's OkHttp client (left open on
   * {@link #close}), or null for one of ccr's own. Each exchange is recorded in {@code ledger}, its
   * cost priced by {@code prices}; resting keys and open circuits are kept in {@code state}, which
   * several instances may share.
   */
  public Engine(CcrConfig config, PluginRegistry plugins, OkHttpClient client, Clock clock, SessionMemory sessions,
      UsageLedger ledger, PriceTable prices, dev.ccr.state.StateStore state) {
    this.config = config;
    boolean ownsClient = client == null;
    this.captures = UpstreamCaptures.forConfig(config, ledger);
    this.transport = new HttpTransport(client != null ? client
        : HttpTransport.defaultClient(config.resilience().connectMs(), config.proxyUrl()),
        ownsClient, captures, clock, config.apiTimeoutMs());
    this.upstreams = new Upstreams(config, plugins, clock, state);
    this.policy = new AttemptPolicy(config.resilience(), clock);
    this.sessions = sessions;
    this.ledger = ledger;
    this.prices = prices;
    this.clock = clock;
  }

  private Meter meter(Route route, Map<String, String> clientHeaders) {
    String id = clientHeaders.get(REQUEST_ID);
    if (id == null) id = "req_ccr_" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
    return new Meter(ledger, prices, clock, id, route);
  }

  /**
   * Sends {@code request} along {@code route}: the client's {@code body} as it is when the target
   * takes it that way, else translated, as a stream when the request asks for one. {@code
   * clientHeaders} (lower-case names) may carry {@link #CLIENT_HEADERS}.
   */
  public Reply exchange(MessagesRequest request, byte[] body, Map<String, String> clientHeaders, Route route) {
    if (upstreams.of(route).forwardsBytes()) {
      Meter meter = meter(route, clientHeaders);
      ForwardedReply reply;
      try {
        reply = forward(request, body, clientHeaders, route, meter);
      } catch (RuntimeException e) {
        meter.failed(e, null);
        throw e;
      }
      return new Reply.Forwarded(new MeteredForward(reply, meter, ledger));
    }
    if (request.isStream()) return stream(request, clientHeaders, route);
    return new Reply.Message(send(request, clientHeaders, route));
  }

  /**
   * Sends {@code request}, the translation of a client that speaks another API, along {@code route}:
   * never as forwarded bytes, and with {@code first} ahead of the route's transformers on every
   * call, so it can put the client's own body back for upstreams that speak the client's format.
   */
  public Reply exchangeTranslated(MessagesRequest request, Transformer first, Map<String, String> clientHeaders, Route route) {
    if (request.isStream()) return stream(request, clientHeaders, route, first);
    return new Reply.Message(send(request, clientHeaders, route, first));
  }

  /**
   * {@code hit}, an answer the response cache holds for a request along {@code route}, as it goes to
   * the client: recorded in the ledger as a cached exchange (free, its tokens saved), a stream once it
   * ends or the client leaves.
   */
  public Reply replay(Reply hit, Map<String, String> clientHeaders, Route route) {
    Meter meter = meter(route, clientHeaders).cached();
    if (hit instanceof Reply.Events e) {
      UsageTally tally = new UsageTally();
      return new Reply.Events(new MeteredStream(e.events(), meter, tally, ledger, () -> {}), tally);
    }
    meter.first();
    meter.succeeded(hit instanceof Reply.Message m ? m.message().usage() : null);
    return hit;
  }

  /** The whole answer to {@code request} along {@code route}; a provider that streams anyway is read to the end. */
  public MessagesResponse send(MessagesRequest request, Map<String, String> clientHeaders, Route route) {
    return send(request, clientHeaders, route, null);
  }

  private MessagesResponse send(MessagesRequest request, Map<String, String> clientHeaders, Route route, Transformer first) {
    MessagesRequest routed = SubagentTag.strip(request).toBuilder().stream(false).build();
    Meter meter = meter(route, clientHeaders);
    MessagesResponse response;
    try {
      response = policy.run(candidates(route), upstreams::of,
          meter.counted((candidate, upstream, key) -> sendOnce(routed.withModel(candidate.model()), clientHeaders,
              candidate, upstream, key, first)));
    } catch (RuntimeException e) {
      meter.failed(e, null);
      throw e;
    }
    finished(route, response.usage());
    meter.succeeded(response.usage());
    return response;
  }

  private MessagesResponse sendOnce(MessagesRequest routed, Map<String, String> clientHeaders, Route route,
      Upstream upstream, String key, Transformer first) {
    UpstreamReply reply = call(routed, clientHeaders, route, upstream, key, first);
    Provider provider = upstream.provider(key);
    if (reply instanceof UpstreamReply.Body body) return provider.readResponse(body.body(), route);
    MessageAccumulator acc = new MessageAccumulator();
    try (EventStream<StreamEvent> events = new DecodedStream(((UpstreamReply.Events) reply).events(),
        provider.newStreamDecoder(route))) {
      for (StreamEvent e : events) acc.accept(e);
    }
    ApiError error = acc.error();
    if (error != null) {
      throw new ProviderException(route.provider(), route.model(), 502, error.message(), Map.of(), null);
    }
    return acc.message();
  }

  /**
   * The answer to {@code request} along {@code route} as events. Failures before the first event
   * are retried and fall back like {@link #send}, and throw when nothing worked; one after it
   * arrives as an {@code error} event that ends the stream.
   */
  public Reply.Events stream(MessagesRequest request, Map<String, String> clientHeaders, Route route) {
    return stream(request, clientHeaders, route, null);
  }

  private Reply.Events stream(MessagesRequest request, Map<String, String> clientHeaders, Route route, Transformer first) {
    MessagesRequest routed = SubagentTag.strip(request).toBuilder().stream(true).build();
    Meter meter = meter(route, clientHeaders);
    EventStream<StreamEvent> events;
    try {
      events = policy.run(candidates(route), upstreams::of,
          meter.counted((candidate, upstream, key) -> streamOnce(routed.withModel(candidate.model()), clientHeaders,
              candidate, upstream, key, first)));
    } catch (RuntimeException e) {
      meter.failed(e, null);
      throw e;
    }
    UsageTally tally = new UsageTally();
    return new Reply.Events(new MeteredStream(events, meter, tally, ledger, () -> finished(route, tally.usage())), tally);
  }

  private EventStream<StreamEvent> streamOnce(MessagesRequest routed, Map<String, String> clientHeaders, Route route,
      Upstream upstream, String key, Transformer first) {
    UpstreamReply reply = call(routed, clientHeaders, route, upstream, key, first);
    Provider provider = upstream.provider(key);
    if (reply instanceof UpstreamReply.Body body) {
      MessagesResponse response = provider.readResponse(body.body(), route);
      return EventStream.of(StreamEvents.of(response).iterator(), () -> {});
    }
    DecodedStream decoded = new DecodedStream(((UpstreamReply.Events) reply).events(), provider.newStreamDecoder(route));
    // Wait for the first event here, so a failure before anything reaches the client can be retried.
    decoded.hasNext();
    if (decoded.failure() instanceof ProviderException e) { // the first event would be that error
      decoded.close();
      throw e;
    }
    return decoded;
  }

  /**
   * The client's bytes sent as they are, re-encoded (losslessly) only when the model or a subagent
   * tag must change. Retried like any call, on this route only: a fallback may not speak the client's format.
   */
  private ForwardedReply forward(MessagesRequest request, byte[] body, Map<String, String> clientHeaders, Route route,
      Meter meter) {
    MessagesRequest stripped = SubagentTag.strip(request);
    byte[] bytes = body != null && stripped == request && route.model().equals(request.model()) ? body
        : AnthropicJson.write(stripped.withModel(route.model())).getBytes(StandardCharsets.UTF_8);
    return policy.run(List.of(route), upstreams::of,
        meter.counted((candidate, upstream, key) -> forwardOnce(bytes, clientHeaders, candidate, upstream, key)));
  }

  private ForwardedReply forwardOnce(byte[] bytes, Map<String, String> clientHeaders, Route route, Upstream upstream,
      String key) {
    Map<String, String> toProvider = clientHeaders;
    if (clientHeaders.containsKey(REQUEST_ID)) { // ccr's own, not the provider's business
      toProvider = new LinkedHashMap<>(clientHeaders);
      toProvider.remove(REQUEST_ID);
    }
    UpstreamRequest.Raw raw = ((Provider.Forwarding) upstream.provider(key)).forward(bytes, toProvider, route);
    if (!upstream.entry.headers.isEmpty()) {
      Map<String, String> headers = new LinkedHashMap<>(raw.headers());
      headers.putAll(upstream.entry.headers);
      raw = new UpstreamRequest.Raw(raw.url(), headers, raw.body());
    }
    ForwardedReply reply = transport.forward(raw, route.provider(), route.model(),
        new HttpTransport.Origin(clientHeaders.get(REQUEST_ID), upstream.entry.config));
    if (reply.status() >= 400) {
      // Errors take the same path as every other provider's: typed, and naming provider and model.
      try (reply) {
        String text = new String(reply.body().readNBytes(1 << 20), StandardCharsets.UTF_8);
        throw ProviderErrors.from(route.provider(), route.model(), reply.status(), reply.headers(), text);
      } catch (IOException e) {
        throw new ProviderException(route.provider(), route.model(), reply.status(),
            route.target() + " answered HTTP " + reply.status(), reply.headers(), e);
      }
    }
    return reply;
  }

  /** One call: the provider's request, with the client's Anthropic headers when it speaks Anthropic, through the chain. */
  private UpstreamReply call(MessagesRequest routed, Map<String, String> clientHeaders, Route route, Upstream upstream,
      String key, Transformer first) {
    UpstreamRequest request = upstream.provider(key).prepare(routed, route);
    if (request.format().equals(UpstreamRequest.ANTHROPIC)) {
      for (String h : CLIENT_HEADERS) {
        String v = clientHeaders.get(h);
        if (v != null) request = request.withHeader(h, v);
      }
    }
    for (Map.Entry<String, String> h : upstream.entry.headers.entrySet()) {
      request = request.withHeader(h.getKey(), h.getValue());
    }
    try {
      List<Transformer> chain = upstream.transformers;
      if (first != null) {
        chain = new ArrayList<>(upstream.transformers.size() + 1);
        chain.add(first);
        chain.addAll(upstream.transformers);
      }
      return new TransformerChain(chain, request, routed, route, upstream.entry.config, transport,
          config.resilience(), new HttpTransport.Origin(clientHeaders.get(REQUEST_ID), upstream.entry.config)).run();
    } catch (IOException e) {
      throw new ProviderException(route.provider(), route.model(), 0, route.target() + ": " + e.getMessage(), Map.of(), e);
    }
  }

  /** The route, then its own fallback list, or else the {@code fallback} entries for its scenario. */
  private List<Route> candidates(Route primary) {
    List<RouteTarget> targets = !primary.fallback().isEmpty() ? primary.fallback()
        : config.fallback().getOrDefault(primary.scenario(), List.of());
    if (targets.isEmpty()) return List.of(primary);
    List<Route> out = new ArrayList<>();
    out.add(primary);
    for (RouteTarget t : targets) {
      Route fallback = new Route(t.provider(), t.model(), primary.scenario(), "fallback after " + primary.target(),
          primary.sessionId());
      if (out.stream().noneMatch(x -> x.target().equals(fallback.target()))) out.add(fallback);
    }
    return out;
  }

  /**
   * One call to {@code route}'s target outside the live router's books: its transformer chain and
   * first key, but no retry or fallback, no circuit or key rest, no usage record and no session
   * memory. For a provider test: a failing test must not trip the circuit real requests go through.
   */
  public MessagesResponse probe(MessagesRequest request, Route route) {
    Upstream upstream = upstreams.detached(route);
    MessagesRequest routed = SubagentTag.strip(request).toBuilder().stream(false).build().withModel(route.model());
    return sendOnce(routed, Map.of(), route, upstream, upstream.entry.firstKey(), null);
  }

  /** Remembers how big the session's turn was, for the long-context rule. */
  private void finished(Route route, Usage usage) {
    if (route.sessionId() != null && usage != null) sessions.record(route.sessionId(), usage.inputTotal());
  }

  /** The last upstream calls as sent and answered, by the host's request id; null when {@code UPSTREAM_CAPTURE} is off. */
  public UpstreamCaptures captures() {
    return captures;
  }

  /** Each target called so far ({@code provider,model}), and whether its circuit is open (calls skip it) now. */
  public Map<String, Boolean> circuits() {
    return upstreams.circuits();
  }

  /** Closes ccr's own HTTP client; a host's client stays as it was. */
  @Override
  public void close() {
    transport.close(); // a host's client is left open
  }
}
