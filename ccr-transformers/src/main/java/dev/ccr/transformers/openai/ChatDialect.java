package dev.ccr.transformers.openai;

/**
 * What an OpenAI-compatible API accepts beyond the common core, so one translator serves them
 * all. Providers start from {@link #DEFAULT} and change what differs.
 *
 * @param topK send {@code top_k} (many open-model servers take it; OpenAI does not)
 * @param reasoningEcho how thinking from earlier assistant turns goes back upstream
 * @param cacheControl keep {@code cache_control} on content parts (OpenRouter, for Anthropic models)
 * @param files send PDF documents as {@code file} parts instead of rejecting them
 * @param streamUsage ask for usage on streams with {@code stream_options.include_usage}
 * @param reasoningEffort send thinking as {@code reasoning_effort}
 */
public record ChatDialect(
    boolean topK,
    ReasoningEcho reasoningEcho,
    boolean cacheControl,
    boolean files,
    boolean streamUsage,
    boolean reasoningEffort) {

  /** How earlier thinking is sent back on assistant messages. */
  public enum ReasoningEcho {
    /** Dropped: the provider rejects or ignores it. */
    NONE,
    /** {@code reasoning_content}, as DeepSeek requires in tool loops. */
    REASONING_CONTENT,
    /** {@code reasoning_details} with signatures, as OpenRouter takes it. */
    REASONING_DETAILS
  }

  /** OpenAI's own API and most compatible servers. */
  public static final ChatDialect DEFAULT =
      new ChatDialect(false, ReasoningEcho.NONE, false, false, true, true);

  public ChatDialect withTopK(boolean topK) {
    return new ChatDialect(topK, reasoningEcho, cacheControl, files, streamUsage, reasoningEffort);
  }

  public ChatDialect withReasoningEcho(ReasoningEcho echo) {
    return new ChatDialect(topK, echo, cacheControl, files, streamUsage, reasoningEffort);
  }

  public ChatDialect withCacheControl(boolean cacheControl) {
    return new ChatDialect(topK, reasoningEcho, cacheControl, files, streamUsage, reasoningEffort);
  }

  public ChatDialect withFiles(boolean files) {
    return new ChatDialect(topK, reasoningEcho, cacheControl, files, streamUsage, reasoningEffort);
  }

  public ChatDialect withStreamUsage(boolean streamUsage) {
    return new ChatDialect(topK, reasoningEcho, cacheControl, files, streamUsage, reasoningEffort);
  }

  public ChatDialect withReasoningEffort(boolean reasoningEffort) {
    return new ChatDialect(topK, reasoningEcho, cacheControl, files, streamUsage, reasoningEffort);
  }
}
