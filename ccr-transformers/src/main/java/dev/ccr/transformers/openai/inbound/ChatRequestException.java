package dev.ccr.transformers.openai.inbound;

import dev.ccr.InvalidRequestException;

/** A Chat Completions request ccr refuses (HTTP 400), naming the offending member as OpenAI's {@code param} does. */
public final class ChatRequestException extends InvalidRequestException {
  private final String param;

  public ChatRequestException(String param, String message) {
    super(param + ": " + message);
    this.param = param;
  }

  /** The member at fault, such as {@code messages[2].content}. */
  public String param() {
    return param;
  }
}
