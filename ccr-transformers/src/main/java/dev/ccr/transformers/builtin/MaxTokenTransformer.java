package dev.ccr.transformers.builtin;

import dev.ccr.ConfigException;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamRequest;

/** {@code ["maxtoken", {"max_tokens": N}]}: caps the output tokens asked for at N. */
final class MaxTokenTransformer extends WireTransformer {
  private final long max;

  MaxTokenTransformer(long max) {
    this.max = max;
  }

  @Override
  UpstreamRequest request(UpstreamRequest r) {
    return r.withBody(cap(r.body(), r.format(), max));
  }

  /** The body with its output-token limit, in whichever member the format uses, capped at {@code max}. */
  static JsonObject cap(JsonObject body, String format, long max) {
    if (format.equals(UpstreamRequest.GEMINI)) {
      JsonObject config = body.getObject("generationConfig");
      if (config == null) return body;
      return body.with("generationConfig", capMember(config, "maxOutputTokens", max));
    }
    // max_output_tokens: the Responses API's name for it
    return capMember(capMember(capMember(body, "max_tokens", max), "max_completion_tokens", max), "max_output_tokens", max);
  }

  private static JsonObject capMember(JsonObject o, String name, long max) {
    JsonNumber n = o.getNumber(name);
    if (n == null || n.bigDecimal().compareTo(java.math.BigDecimal.valueOf(max)) <= 0) return o;
    return o.with(name, JsonNumber.of(max));
  }

  public static final class Factory implements Transformer.Factory {
    @Override
    public String name() {
      return "maxtoken";
    }

    @Override
    public Transformer create(JsonValue options) {
      Long max = new Options(name(), options).wholeNumber("max_tokens");
      if (max == null || max <= 0) throw new ConfigException("transformer \"maxtoken\" needs {\"max_tokens\": N} with N above 0");
      return new MaxTokenTransformer(max);
    }
  }
}
