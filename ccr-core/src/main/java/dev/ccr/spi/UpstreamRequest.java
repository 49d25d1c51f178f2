package dev.ccr.spi;

import dev.ccr.internal.Redaction;
import dev.ccr.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP request ccr sends to a provider: wire format, URL, headers (auth included) and a JSON
 * body in the provider's format. {@code stream} says whether a stream of events is asked for.
 */
public record UpstreamRequest(String format, String url, Map<String, String> headers, JsonObject body, boolean stream) {
  /** Anthropic Messages. */
  public static final String ANTHROPIC = "anthropic";
  /** OpenAI Chat Completions. */
  public static final String OPENAI_CHAT = "openai-chat";
  /** Gemini generateContent. */
  public static final String GEMINI = "gemini";

  public UpstreamRequest {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(url, "url");
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    Objects.requireNonNull(body, "body");
  }

  public UpstreamRequest withBody(JsonObject body) {
    return new UpstreamRequest(format, url, headers, body, stream);
  }

  public UpstreamRequest withUrl(String url) {
    return new UpstreamRequest(format, url, headers, body, stream);
  }

  public UpstreamRequest withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    if (value == null) h.remove(name);
    else h.put(name, value);
    return new UpstreamRequest(format, url, h, body, stream);
  }

  /** A request whose body is bytes to send as they are. */
  public record Raw(String url, Map<String, String> headers, byte[] body) {
    public Raw {
      Objects.requireNonNull(url, "url");
      headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      Objects.requireNonNull(body, "body");
    }

    /** Never shows auth headers or the body. */
    @Override
    public String toString() {
      Map<String, String> safe = new LinkedHashMap<>();
      headers.forEach((k, v) -> safe.put(k, Redaction.header(k, v)));
      return "UpstreamRequest.Raw[" + url + " headers=" + safe + " " + body.length + " bytes]";
    }
  }

  /** Never shows auth headers. */
  @Override
  public String toString() {
    Map<String, String> safe = new LinkedHashMap<>();
    headers.forEach((k, v) -> safe.put(k, Redaction.header(k, v)));
    return "UpstreamRequest[" + format + " " + url + " headers=" + safe + " stream=" + stream + "]";
  }
}
