package dev.ccr.transformers.builtin;

import dev.ccr.json.JsonBoolean;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamRequest;

/**
 * {@code streamoptions}: the original's way to ask for usage at the end of a stream
 * ({@code stream_options.include_usage}). ccr asks OpenAI-compatible providers for it on every
 * stream already (routing and the logs need the figures), so the plain name changes nothing;
 * {@code ["streamoptions", {"include_usage": false}]} drops {@code stream_options} for a server that
 * refuses the field.
 */
final class StreamOptionsTransformer extends WireTransformer {
  private final boolean includeUsage;

  StreamOptionsTransformer(boolean includeUsage) {
    this.includeUsage = includeUsage;
  }

  @Override
  UpstreamRequest request(UpstreamRequest r) {
    if (!r.stream() || !r.format().equals(UpstreamRequest.OPENAI_CHAT)) return r;
    if (!includeUsage) return r.withBody(r.body().without("stream_options"));
    JsonObject options = r.body().getObject("stream_options");
    if (options == null) options = JsonObject.of();
    return r.withBody(r.body().with("stream_options", options.with("include_usage", JsonBoolean.TRUE)));
  }

  public static final class Factory implements Transformer.Factory {
    @Override
    public String name() {
      return "streamoptions";
    }

    @Override
    public Transformer create(JsonValue options) {
      Boolean include = options.asObject() == null ? null : options.asObject().getBoolean("include_usage");
      return new StreamOptionsTransformer(include == null || include);
    }
  }
}
