package dev.ccr.model;

import dev.ccr.json.JsonObject;
import java.util.Objects;

/** {@code {"type":"image"}}. */
public record ImageBlock(ImageSource source, JsonObject extra) implements ContentBlock {
  public ImageBlock {
    Objects.requireNonNull(source, "source");
    extra = Extra.orEmpty(extra);
  }

  @Override
  public String type() {
    return "image";
  }
}
