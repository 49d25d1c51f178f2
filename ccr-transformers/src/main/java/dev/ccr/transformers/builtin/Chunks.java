package dev.ccr.transformers.builtin;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNull;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.UpstreamEvent;

/** Reading and rewriting the first choice of Chat Completions replies and chunks. */
final class Chunks {
  private Chunks() {}

  static JsonObject firstChoice(JsonValue data) {
    JsonObject o = data.asObject();
    JsonArray choices = o == null ? null : o.getArray("choices");
    return choices == null || choices.isEmpty() ? null : choices.get(0).asObject();
  }

  /** {@code choices[0].<member>} (delta or message), or null. */
  static JsonObject part(JsonValue data, String member) {
    JsonObject c = firstChoice(data);
    return c == null ? null : c.getObject(member);
  }

  /** A copy of {@code data} whose first choice has {@code member} replaced. */
  static JsonObject withPart(JsonValue data, String member, JsonObject value) {
    JsonObject o = data.asObject();
    JsonObject c = firstChoice(data).with(member, value);
    java.util.List<JsonValue> choices = new java.util.ArrayList<>(o.getArray("choices").elements());
    choices.set(0, c);
    return o.with("choices", JsonArray.of(choices));
  }

  /** A copy of {@code data} whose first choice has this finish reason (null clears it). */
  static JsonObject withFinish(JsonValue data, String finishReason) {
    JsonObject o = data.asObject();
    JsonObject c = firstChoice(data).with("finish_reason",
        finishReason == null ? JsonNull.INSTANCE : dev.ccr.json.JsonString.of(finishReason));
    java.util.List<JsonValue> choices = new java.util.ArrayList<>(o.getArray("choices").elements());
    choices.set(0, c);
    return o.with("choices", JsonArray.of(choices));
  }

  /**
   * An extra chunk carrying only {@code delta}: modelled on {@code like} (id, model) without its
   * finish reason or usage, which stay with the chunk that brought them; a bare chunk when there is
   * nothing to model it on.
   */
  static UpstreamEvent deltaOnly(UpstreamEvent like, JsonObject delta) {
    if (like == null || firstChoice(like.data()) == null) {
      return new UpstreamEvent(like == null ? null : like.event(), JsonObject.builder().put("choices",
          JsonArray.of(JsonObject.builder().put("index", 0).put("delta", delta).build())).build());
    }
    return event(like, withFinish(withPart(like.data(), "delta", delta), null).without("usage"));
  }

  static UpstreamEvent event(UpstreamEvent like, JsonObject data) {
    return new UpstreamEvent(like.event(), data);
  }
}
