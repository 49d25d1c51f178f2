package dev.ccr.transformers.builtin;

import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamRequest;

/**
 * {@code maxcompletiontokens}: sends the limit as {@code max_completion_tokens}, which OpenAI's
 * reasoning models require, capped at the {@code max_completion_tokens} option when given.
 */
final class MaxCompletionTokensTransformer extends WireTransformer {
  private final Long cap;

  MaxCompletionTokensTransformer(Long cap) {
    this.cap = cap;
  }

  @Override
  UpstreamRequest request(UpstreamRequest r) {
    if (!r.format().equals(UpstreamRequest.OPENAI_CHAT)) return r;
    JsonObject body = r.body();
    JsonNumber limit = body.getNumber("max_tokens");
    if (limit == null) limit = body.getNumber("max_completion_tokens");
    if (limit == null && cap == null) return r;
    long value = limit == null ? cap : cap == null ? limit.longValue() : Math.min(cap, limit.longValue());
    return r.withBody(body.without("max_tokens").with("max_completion_tokens", JsonNumber.of(value)));
  }

  public static final class Factory implements Transformer.Factory {
    @Override
    public String name() {
      return "maxcompletiontokens";
    }

    @Override
    public Transformer create(JsonValue options) {
      return new MaxCompletionTokensTransformer(new Options(name(), options).wholeNumber("max_completion_tokens"));
    }
  }
}
