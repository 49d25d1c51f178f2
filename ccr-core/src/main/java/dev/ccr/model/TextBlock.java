package dev.ccr.model;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import java.util.Objects;

/** {@code {"type":"text"}}; {@code citations} is null when absent. */
public record TextBlock(String text, JsonArray citations, JsonObject extra) implements ContentBlock {
  public TextBlock {
    Objects.requireNonNull(text, "text");
    extra = Extra.orEmpty(extra);
  }

  public static TextBlock of(String text) {
    return new TextBlock(text, null, JsonObject.of());
  }

  @Override
  public String type() {
    return "text";
  }
}
