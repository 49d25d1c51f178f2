package dev.ccr.config;

import dev.ccr.json.JsonNull;
import dev.ccr.json.JsonValue;
import java.util.Objects;

/** One entry of a {@code use} list: a transformer name, with options when written as {@code [name, options]}. */
public record TransformerUse(String name, JsonValue options) {
  public TransformerUse {
    Objects.requireNonNull(name, "name");
    options = options == null ? JsonNull.INSTANCE : options;
  }

  public static TransformerUse of(String name) {
    return new TransformerUse(name, JsonNull.INSTANCE);
  }
}
