package dev.ccr.transformers.builtin;

import dev.ccr.json.JsonBoolean;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamRequest;

/**
 * {@code ["reasoning", {"enable": true}]}: for servers that switch thinking with {@code
 * enable_thinking} (Qwen, ModelScope, SiliconFlow). Thinking asked for turns it on; {@code
 * "enable": false} turns it off whatever the client asked. Reasoning in replies ({@code
 * reasoning_content} or {@code reasoning}) is read as thinking by the translator either way.
 */
final class ReasoningTransformer extends WireTransformer {
  private final boolean enable;

  ReasoningTransformer(boolean enable) {
    this.enable = enable;
  }

  @Override
  UpstreamRequest request(UpstreamRequest r) {
    if (!r.format().equals(UpstreamRequest.OPENAI_CHAT)) return r;
    JsonObject body = r.body();
    if (!enable) return r.withBody(body.without("reasoning_effort").with("enable_thinking", JsonBoolean.FALSE));
    if (body.has("reasoning_effort")) return r.withBody(body.with("enable_thinking", JsonBoolean.TRUE));
    return r;
  }

  public static final class Factory implements Transformer.Factory {
    @Override
    public String name() {
      return "reasoning";
    }

    @Override
    public Transformer create(JsonValue options) {
      return new ReasoningTransformer(new Options(name(), options).bool("enable", true));
    }
  }
}
