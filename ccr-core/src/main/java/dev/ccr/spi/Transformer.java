package dev.ccr.spi;

import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessagesRequest;
import dev.ccr.routing.Route;
import java.io.IOException;

/**
 * Changes a request on its way to a provider and the reply, stream included, on its way back,
 * in the provider's wire format. Transformers form a chain, like OkHttp interceptors: each sees
 * the request, may change it, calls {@link Chain#proceed}, and may change what comes back.
 */
public interface Transformer {

  UpstreamReply intercept(Chain chain) throws IOException;

  /** What a transformer sees of the call it is part of. */
  interface Chain {
    /** The request as it stands at this point of the chain. */
    UpstreamRequest request();

    /** Sends the request on down the chain and returns the reply. */
    UpstreamReply proceed(UpstreamRequest request) throws IOException;

    /** The client's request as ccr received it, after routing (read-only context). */
    MessagesRequest original();

    Route route();

    ProviderConfig provider();
  }

  /** Makes a transformer from its {@code use} entry: a name, and options when written as {@code [name, options]}. */
  interface Factory {
    /** The name config.json uses, such as {@code maxtoken}; compared ignoring case. */
    String name();

    /** A transformer for these options ({@link dev.ccr.json.JsonNull} when none were given). */
    Transformer create(JsonValue options);
  }
}
