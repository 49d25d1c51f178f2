package dev.ccr.transformers.builtin;

import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamRequest;
import java.util.Map;

/**
 * {@code ["customparams", {...}]}: merges the options into the request body. Objects merge deeply;
 * a value the request already has is kept, as in the original.
 */
final class CustomParamsTransformer extends WireTransformer {
  private final JsonObject params;

  CustomParamsTransformer(JsonObject params) {
    this.params = params;
  }

  @Override
  UpstreamRequest request(UpstreamRequest r) {
    return r.withBody(merge(r.body(), params, false));
  }

  /** {@code base} with {@code extra} merged in; {@code override} says who wins on a clash of plain values. */
  static JsonObject merge(JsonObject base, JsonObject extra, boolean override) {
    JsonObject.Builder b = base.toBuilder();
    for (Map.Entry<String, JsonValue> e : extra.members().entrySet()) {
      JsonValue have = base.get(e.getKey());
      if (have instanceof JsonObject ho && e.getValue() instanceof JsonObject eo) {
        b.put(e.getKey(), merge(ho, eo, override));
      } else if (have == null || override) {
        b.put(e.getKey(), e.getValue());
      }
    }
    return b.build();
  }

  public static final class Factory implements Transformer.Factory {
    @Override
    public String name() {
      return "customparams";
    }

    @Override
    public Transformer create(JsonValue options) {
      return new CustomParamsTransformer(new Options(name(), options).all());
    }
  }
}
