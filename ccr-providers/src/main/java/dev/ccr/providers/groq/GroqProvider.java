package dev.ccr.providers.groq;

import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessagesRequest;
import dev.ccr.providers.openai.OpenAiCompatibleProvider;
import dev.ccr.routing.Route;
import dev.ccr.spi.Provider;
import dev.ccr.transformers.openai.ChatDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Groq: no {@code cache_control}, no {@code $schema} in tool schemas, no {@code reasoning_effort}
 * for models that do not reason; tool calls that all come as index 0 are told apart by id (in the
 * shared stream decoder).
 */
final class GroqProvider extends OpenAiCompatibleProvider {
  GroqProvider(ProviderConfig config) {
    super(config, ChatDialect.DEFAULT);
  }

  @Override
  protected JsonObject adjust(JsonObject body, MessagesRequest request, Route route) {
    JsonObject.Builder b = body.toBuilder();
    String model = route.model();
    if (!(model.contains("gpt-oss") || model.contains("qwen3"))) b.remove("reasoning_effort");
    JsonArray tools = body.getArray("tools");
    if (tools != null) {
      List<JsonValue> clean = new ArrayList<>(tools.size());
      for (JsonValue t : tools.elements()) clean.add(dev.ccr.json.Json.withoutMembers(t, Set.of("$schema", "cache_control")));
      b.put("tools", JsonArray.of(clean));
    }
    return b.build();
  }

  /** {@code groq} in a {@code use} list, or an api.groq.com URL. */
  public static final class Factory implements Provider.Factory {
    @Override
    public String name() {
      return "groq";
    }

    @Override
    public Set<String> hosts() {
      return Set.of("api.groq.com");
    }

    @Override
    public String defaultBaseUrl(ProviderConfig config) {
      return "https://api.groq.com/openai/v1/chat/completions";
    }

    @Override
    public Provider create(ProviderConfig config) {
      return new GroqProvider(config);
    }
  }
}
