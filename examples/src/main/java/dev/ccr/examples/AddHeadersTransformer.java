package dev.ccr.examples;

import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamReply;
import dev.ccr.spi.UpstreamRequest;
import java.io.IOException;
import java.util.Map;

/**
 * A custom transformer in its own jar: {@code ["addheaders", {"X-Team": "search"}]} in a
 * provider's {@code use} list adds those headers to every upstream request. It is found through
 * {@code META-INF/services/dev.ccr.spi.Transformer$Factory}; nothing in ccr names it.
 */
public final class AddHeadersTransformer implements Transformer {
  private final Map<String, JsonValue> headers;

  AddHeadersTransformer(Map<String, JsonValue> headers) {
    this.headers = headers;
  }

  @Override
  public UpstreamReply intercept(Chain chain) throws IOException {
    UpstreamRequest request = chain.request();
    for (Map.Entry<String, JsonValue> h : headers.entrySet()) {
      String value = h.getValue().asString() != null ? h.getValue().asString() : h.getValue().toJson();
      request = request.withHeader(h.getKey(), value);
    }
    return chain.proceed(request);
  }

  /** Registered in META-INF/services; {@code addheaders} is the name config.json uses. */
  public static final class Factory implements Transformer.Factory {
    @Override
    public String name() {
      return "addheaders";
    }

    @Override
    public Transformer create(JsonValue options) {
      JsonObject o = options.asObject();
      return new AddHeadersTransformer(o == null ? Map.of() : o.members());
    }
  }
}
