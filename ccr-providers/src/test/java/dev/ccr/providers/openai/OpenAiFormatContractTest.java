package dev.ccr.providers.openai;

import dev.ccr.testing.ProviderContractTest;

/** The provider contract with Chat Completions bodies, for every OpenAI-format provider. */
public abstract class OpenAiFormatContractTest extends ProviderContractTest {
  /** Where the provider puts reasoning in a stream: {@code reasoning_content} or {@code reasoning}. */
  protected String reasoningField() {
    return "reasoning_content";
  }

  @Override
  protected String textReply() {
    return OpenAiBodies.textReply();
  }

  @Override
  protected String textStream() {
    return OpenAiBodies.textStream();
  }

  @Override
  protected String toolCallStream() {
    return OpenAiBodies.toolCallStream();
  }

  @Override
  protected String parallelToolStream() {
    return OpenAiBodies.parallelToolStream();
  }

  @Override
  protected String thinkingStream() {
    return OpenAiBodies.thinkingStream(reasoningField());
  }

  @Override
  protected String errorBody(int status, String message) {
    return OpenAiBodies.errorBody(status, message);
  }
}
