package dev.ccr.transformers.openai.inbound;

import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamReply;
import dev.ccr.spi.UpstreamRequest;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The near pass-through to upstreams that speak Chat Completions: the client's own body goes, with
 * only what the route decides laid over it (the model, and the stream options the provider wants),
 * so members ccr does not model ({@code seed}, {@code logprobs}, {@code service_tier}, a vendor's
 * own) and message details ({@code name}, image {@code detail}) reach the upstream as sent. Members
 * the provider adds to its translation and the client did not send are kept too. Other upstreams
 * get the translation unchanged. Runs first in the chain, so the route's transformers see the result.
 */
public final class ClientBodyTransformer implements Transformer {
  /** Set by the route, whatever the client sent. */
  private static final Set<String> ROUTED = Set.of("model", "stream", "stream_options");
  /** Defaults of the translation that must not be added to a body that left them out on purpose. */
  private static final Set<String> NOT_ADDED = Set.of("max_tokens", "max_completion_tokens", "messages", "system");

  private final JsonObject client;

  /** {@code client}: the body as the client sent it. */
  public ClientBodyTransformer(JsonObject client) {
    this.client = client;
  }

  @Override
  public UpstreamReply intercept(Chain chain) throws IOException {
    UpstreamRequest request = chain.request();
    if (!UpstreamRequest.OPENAI_CHAT.equals(request.format())) return chain.proceed(request);
    return chain.proceed(request.withBody(overlay(client, request.body())));
  }

  /** {@code client} with the routed members of {@code translated} over it, and the members only the translation has. */
  static JsonObject overlay(JsonObject client, JsonObject translated) {
    JsonObject.Builder body = client.toBuilder();
    for (String name : ROUTED) body.remove(name);
    for (Map.Entry<String, JsonValue> m : translated.members().entrySet()) {
      String name = m.getKey();
      if (ROUTED.contains(name) || (!client.has(name) && !NOT_ADDED.contains(name))) body.put(name, m.getValue());
    }
    return body.build();
  }
}
