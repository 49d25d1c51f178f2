package dev.ccr.transformers.builtin;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code cleancache}: removes every {@code cache_control} from the request, for providers that reject it. */
final class CleanCacheTransformer extends WireTransformer {
  @Override
  UpstreamRequest request(UpstreamRequest r) {
    return r.withBody((JsonObject) strip(r.body(), "cache_control"));
  }

  /** {@code value} without any member named {@code name}, at any depth. */
  static JsonValue strip(JsonValue value, String name) {
    if (value instanceof JsonObject o) {
      JsonObject.Builder b = JsonObject.builder();
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        if (!e.getKey().equals(name)) b.put(e.getKey(), strip(e.getValue(), name));
      }
      return b.build();
    }
    if (value instanceof JsonArray a) {
      List<JsonValue> out = new ArrayList<>(a.size());
      for (JsonValue e : a.elements()) out.add(strip(e, name));
      return JsonArray.of(out);
    }
    return value;
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
