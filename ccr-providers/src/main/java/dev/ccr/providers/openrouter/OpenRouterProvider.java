package dev.ccr.providers.openrouter;

import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.Tool;
import dev.ccr.providers.openai.OpenAiCompatibleProvider;
import dev.ccr.routing.Route;
import dev.ccr.spi.Provider;
import dev.ccr.transformers.openai.ChatDialect;
import java.util.Set;

/**
 * OpenRouter: {@code cache_control} kept for {@code anthropic/*} models only, earlier thinking sent
 * back as {@code reasoning_details}, thinking asked for with its {@code reasoning} object,
 * provider routing from the entry's {@code "provider"} object, and web search through the {@code
 * web} plug-in (or a model's {@code :online} suffix, passed on as written).
 */
final class OpenRouterProvider extends OpenAiCompatibleProvider {
  private static final ChatDialect BASE = ChatDialect.DEFAULT.withTopK(true).withFiles(true)
      .withReasoningEcho(ChatDialect.ReasoningEcho.REASONING_DETAILS);

  OpenRouterProvider(ProviderConfig config) {
    super(config, BASE);
  }

  @Override
  protected ChatDialect dialect(String model) {
    return BASE.withCacheControl(model.startsWith("anthropic/"));
  }

  @Override
  protected JsonObject adjust(JsonObject body, MessagesRequest request, Route route) {
    JsonObject.Builder b = body.toBuilder();
    String effort = body.getString("reasoning_effort");
    if (effort != null) {
      b.remove("reasoning_effort");
      Integer budget = request.thinking() == null ? null : request.thinking().budgetTokens();
      b.put("reasoning", budget != null ? JsonObject.builder().put("max_tokens", budget).build()
          : JsonObject.builder().put("effort", effort).build());
    }
    JsonValue routing = config.raw().get("provider");
    if (routing instanceof JsonObject) b.put("provider", routing);
    boolean webSearch = request.tools() != null && request.tools().stream().anyMatch(Tool::isWebSearch);
    if (webSearch && !route.model().endsWith(":online") && !body.has("plugins")) {
      b.put("plugins", JsonArray.of(JsonObject.builder().put("id", "web").build()));
    }
    return b.build();
  }

  /** {@code openrouter} in a {@code use} list, or an openrouter.ai URL. */
  public static final class Factory implements Provider.Factory {
    @Override
    public String name() {
      return "openrouter";
    }

    @Override
    public Set<String> hosts() {
      return Set.of("openrouter.ai");
    }

    @Override
    public String defaultBaseUrl(ProviderConfig config) {
      return "https://openrouter.ai/api/v1/chat/completions";
    }

    @Override
    public Provider create(ProviderConfig config) {
      return new OpenRouterProvider(config);
    }
  }
}
