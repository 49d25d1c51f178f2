package dev.ccr.transformers.gemini;

import dev.ccr.ProviderException;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessageAccumulator;
import dev.ccr.model.MessagesResponse;
import dev.ccr.routing.Route;
import dev.ccr.spi.UpstreamEvent;
import java.util.Map;

/** A whole Gemini reply to an Anthropic message: the stream decoder over one chunk, so both read parts alike. */
public final class GeminiResponseDecoder {
  private GeminiResponseDecoder() {}

  public static MessagesResponse decode(JsonValue body, Route route) {
    GeminiStreamDecoder decoder = new GeminiStreamDecoder(route);
    MessageAccumulator acc = new MessageAccumulator();
    decoder.decode(new UpstreamEvent(null, body), acc::accept);
    decoder.finish(acc::accept);
    if (acc.error() != null) {
      throw new ProviderException(route.provider(), route.model(), 502, acc.error().message(), Map.of(), null);
    }
    return acc.message();
  }
}
