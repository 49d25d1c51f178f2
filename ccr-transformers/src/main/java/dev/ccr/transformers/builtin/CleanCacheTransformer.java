package dev.ccr.transformers.builtin;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamRequest;

/** {@code cleancache}: removes every {@code cache_control} from the request, for providers that reject it. */
final class CleanCacheTransformer extends WireTransformer {
  @Override
  UpstreamRequest request(UpstreamRequest r) {
    return r.withBody((JsonObject) Json.withoutMembers(r.body(), java.util.Set.of("cache_control")));
  }

  public static final class Factory implements Transformer.Factory {
    @Override
    public String name() {
      return "cleancache";
    }

    @Override
    public Transformer create(JsonValue options) {
      return new CleanCacheTransformer();
    }
  }
}
