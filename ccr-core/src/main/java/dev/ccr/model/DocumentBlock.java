package dev.ccr.model;

import dev.ccr.json.JsonObject;
import java.util.Objects;

/**
 * {@code {"type":"document"}}; {@code source} is kept as sent (base64 PDF, plain text, content
 * blocks or a URL). {@code title} and {@code context} are null when absent.
 */
public record DocumentBlock(JsonObject source, String title, String context, JsonObject extra)
    implements ContentBlock {
  public DocumentBlock {
    Objects.requireNonNull(source, "source");
    extra = Extra.orEmpty(extra);
  }

  /** The source type: {@code base64}, {@code text}, {@code content}, {@code url}, ... */
  public String sourceType() {
    return source.getString("type");
  }

  /** The source media type, such as {@code application/pdf} or {@code text/plain}. */
  public String mediaType() {
    return source.getString("media_type");
  }

  @Override
  public String type() {
    return "document";
  }
}
