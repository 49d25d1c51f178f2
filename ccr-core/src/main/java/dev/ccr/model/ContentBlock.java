package dev.ccr.model;

import dev.ccr.json.JsonObject;

/**
 * One block of message content. New Anthropic block types arrive as {@link UnknownBlock} and pass
 * through untouched.
 */
public sealed interface ContentBlock
    permits TextBlock,
        ImageBlock,
        DocumentBlock,
        ToolUseBlock,
        ToolResultBlock,
        ThinkingBlock,
        RedactedThinkingBlock,
        ServerToolUseBlock,
        WebSearchToolResultBlock,
        UnknownBlock {

  /** The wire {@code type}, such as {@code "text"} or {@code "tool_use"}. */
  String type();

  /** Members ccr does not model (such as {@code cache_control}), kept for the way back. */
  JsonObject extra();
}
