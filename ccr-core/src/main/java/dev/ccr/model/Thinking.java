package dev.ccr.model;

import dev.ccr.json.JsonObject;
import java.util.Objects;

/**
 * Extended thinking: {@code enabled} (with {@code budgetTokens}), {@code adaptive} or {@code
 * disabled}; other keys (such as {@code display}) are in {@code extra}.
 */
public record Thinking(String type, Integer budgetTokens, JsonObject extra) {
  public Thinking {
    Objects.requireNonNull(type, "type");
    extra = Extra.orEmpty(extra);
  }

  public static Thinking enabled(int budgetTokens) {
    return new Thinking("enabled", budgetTokens, JsonObject.of());
  }

  public static Thinking adaptive() {
    return new Thinking("adaptive", null, JsonObject.of());
  }

  public static Thinking disabled() {
    return new Thinking("disabled", null, JsonObject.of());
  }

  /** True when the model is asked to think: {@code enabled} or {@code adaptive}. */
  public boolean isOn() {
    return type.equals("enabled") || type.equals("adaptive");
  }
}
