package dev.ccr.transformers.builtin;

import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamRequest;

/**
 * {@code ["sampling", {...}]}: sets {@code temperature}, {@code top_p}, {@code top_k} and {@code
 * repetition_penalty}, and caps {@code max_tokens}, for models that need fixed sampling.
 */
final class SamplingTransformer extends WireTransformer {
  private final Long maxTokens;
  private final JsonNumber temperature;
  private final JsonNumber topP;
  private final JsonNumber topK;
  private final JsonNumber repetitionPenalty;

  SamplingTransformer(Options o) {
    maxTokens = o.wholeNumber("max_tokens");
    temperature = o.number("temperature");
    topP = o.number("top_p");
    topK = o.number("top_k");
    repetitionPenalty = o.number("repetition_penalty");
  }

  @Override
  UpstreamRequest request(UpstreamRequest r) {
    JsonObject body = r.body();
    if (maxTokens != null) body = MaxTokenTransformer.cap(body, r.format(), maxTokens);
    if (r.format().equals(UpstreamRequest.GEMINI)) {
      JsonObject.Builder config = (body.getObject("generationConfig") == null ? JsonObject.of()
          : body.getObject("generationConfig")).toBuilder();
      if (temperature != null) config.put("temperature", temperature);
      if (topP != null) config.put("topP", topP);
      if (topK != null) config.put("topK", topK);
      return r.withBody(body.with("generationConfig", config.build()));
    }
    JsonObject.Builder b = body.toBuilder();
    if (temperature != null) b.put("temperature", temperature);
    if (topP != null) b.put("top_p", topP);
    if (topK != null) b.put("top_k", topK);
    if (repetitionPenalty != null && r.format().equals(UpstreamRequest.OPENAI_CHAT)) {
      b.put("repetition_penalty", repetitionPenalty);
    }
    return r.withBody(b.build());
  }

  public static final class Factory implements Transformer.Factory {
    @Override
    public String name() {
      return "sampling";
    }

    @Override
    public Transformer create(JsonValue options) {
      return new SamplingTransformer(new Options(name(), options));
    }
  }
}
