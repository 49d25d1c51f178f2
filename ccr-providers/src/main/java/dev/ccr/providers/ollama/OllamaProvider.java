package dev.ccr.providers.ollama;

import dev.ccr.config.ProviderConfig;
import dev.ccr.providers.openai.OpenAiCompatibleProvider;
import dev.ccr.spi.Provider;
import dev.ccr.transformers.openai.ChatDialect;

/**
 * Ollama's OpenAI-compatible endpoint, {@code http://localhost:11434/v1/chat/completions} unless the
 * entry says otherwise; no key needed. When Ollama is not running the error says "cannot reach
 * ollama at http://localhost:11434".
 */
public final class OllamaProvider {
  private OllamaProvider() {}

  /** {@code ollama} as a {@code use} entry or as the entry's name. */
  public static final class Factory implements Provider.Factory {
    @Override
    public String name() {
      return "ollama";
    }

    @Override
    public String defaultBaseUrl(ProviderConfig config) {
      return "http://localhost:11434/v1/chat/completions";
    }

    @Override
    public Provider create(ProviderConfig config) {
      return new OpenAiCompatibleProvider(config, ChatDialect.DEFAULT.withTopK(true));
    }
  }
}
