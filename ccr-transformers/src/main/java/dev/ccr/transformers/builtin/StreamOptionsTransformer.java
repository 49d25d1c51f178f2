package dev.ccr.transformers.builtin;

import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamRequest;

/** {@code streamoptions}: asks for usage at the end of a stream ({@code stream_options.include_usage}). */
final class StreamOptionsTransformer extends WireTransformer {
  @Override
  UpstreamRequest request(UpstreamRequest r) {
    if (!r.stream() || !r.format().equals(UpstreamRequest.OPENAI_CHAT)) return r;
    JsonObject options = r.body().getObject("stream_options");
    if (options == null) options = JsonObject.of();
    return r.withBody(r.body().with("stream_options", options.with("include_usage", dev.ccr.json.JsonBoolean.TRUE)));
  }

  public static final class Factory implements Transformer.Factory {
    @Override
    public String name() {
      return "streamoptions";
    }

    @Override
    public Transformer create(JsonValue options) {
      return new StreamOptionsTransformer();
    }
  }
}
