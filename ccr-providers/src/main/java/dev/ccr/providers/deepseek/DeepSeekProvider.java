package dev.ccr.providers.deepseek;

import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.model.MessagesRequest;
import dev.ccr.providers.openai.OpenAiCompatibleProvider;
import dev.ccr.routing.Route;
import dev.ccr.spi.Provider;
import dev.ccr.transformers.openai.ChatDialect;
import java.util.Map;
import java.util.Set;

/**
 * DeepSeek: reasoning comes back as thinking, and goes back on later turns of a tool loop as
 * {@code reasoning_content} (DeepSeek answers 400 without it); {@code max_tokens} is clamped to
 * the model's limit instead of being rejected upstream.
 */
final class DeepSeekProvider extends OpenAiCompatibleProvider {
  /** Output limits from DeepSeek's model list; models not listed are sent as asked. */
  static final Map<String, Integer> MAX_OUTPUT = Map.of("deepseek-chat", 8_192, "deepseek-reasoner", 65_536);

  DeepSeekProvider(ProviderConfig config) {
    super(config, ChatDialect.DEFAULT.withReasoningEcho(ChatDialect.ReasoningEcho.REASONING_CONTENT)
        .withReasoningEffort(false));
  }

  @Override
  protected JsonObject adjust(JsonObject body, MessagesRequest request, Route route) {
    Integer limit = MAX_OUTPUT.get(route.model());
    JsonNumber asked = body.getNumber("max_tokens");
    if (limit != null && asked != null && asked.longValue() > limit) return body.with("max_tokens", JsonNumber.of(limit));
    return body;
  }

  /** {@code deepseek} in a {@code use} list, or an api.deepseek.com URL. */
  public static final class Factory implements Provider.Factory {
    @Override
    public String name() {
      return "deepseek";
    }

    @Override
    public Set<String> hosts() {
      return Set.of("api.deepseek.com");
    }

    @Override
    public String defaultBaseUrl(ProviderConfig config) {
      return "https://api.deepseek.com/chat/completions";
    }

    @Override
    public Provider create(ProviderConfig config) {
      return new DeepSeekProvider(config);
    }
  }
}
