package dev.ccr.providers.openai;

import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonObject;
import dev.ccr.model.MessagesRequest;
import dev.ccr.routing.Route;
import dev.ccr.spi.Provider;
import dev.ccr.spi.UpstreamRequest;
import dev.ccr.transformers.openai.ChatDialect;
import dev.ccr.transformers.openai.ChatRequestEncoder;
import dev.ccr.transformers.openai.ChatResponseDecoder;
import dev.ccr.transformers.openai.ChatStreamDecoder;
import java.util.Set;

/**
 * Any OpenAI Chat Completions endpoint: Bearer auth, any base URL, usage asked for on streams.
 * Providers that differ override {@link #dialect} and {@link #adjust} instead of copying this.
 */
public class OpenAiCompatibleProvider extends OpenAiApiProvider {
  private final ChatDialect dialect;

  public OpenAiCompatibleProvider(ProviderConfig config, ChatDialect dialect) {
    super(config, UpstreamRequest.OPENAI_CHAT, "/chat/completions", ChatResponseDecoder::decode, ChatStreamDecoder::new);
    this.dialect = dialect;
  }

  /** What the API accepts for {@code model}. */
  protected ChatDialect dialect(String model) {
    return dialect;
  }

  /** Provider-specific changes to a translated body; none by default. */
  protected JsonObject adjust(JsonObject body, MessagesRequest request, Route route) {
    return body;
  }

  @Override
  protected final JsonObject body(MessagesRequest request, Route route) {
    return adjust(new ChatRequestEncoder(dialect(route.model()), config.name()).encode(request), request, route);
  }

  /** {@code openai} in a {@code use} list, and the default for entries that name no other provider. */
  public static final class Factory implements Provider.Factory {
    @Override
    public String name() {
      return "openai";
    }

    @Override
    public Set<String> hosts() {
      return Set.of(); // api.openai.com is the "openai-api" preset, which sends max_completion_tokens
    }

    @Override
    public Provider create(ProviderConfig config) {
      return new OpenAiCompatibleProvider(config, ChatDialect.DEFAULT);
    }
  }
}
