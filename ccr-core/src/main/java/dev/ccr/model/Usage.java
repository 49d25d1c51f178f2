package dev.ccr.model;

import dev.ccr.json.JsonObject;

/**
 * Token usage; a count is null when absent. In a stream, {@code message_delta} usage is
 * cumulative: it replaces earlier figures, it does not add to them.
 */
public record Usage(
    Integer inputTokens,
    Integer outputTokens,
    Integer cacheCreationInputTokens,
    Integer cacheReadInputTokens,
    JsonObject extra) {
  public Usage {
    extra = Extra.orEmpty(extra);
  }

  public static Usage of(int inputTokens, int outputTokens) {
    return new Usage(inputTokens, outputTokens, null, null, JsonObject.of());
  }

  /** These counts, with any count that {@code later} has replaced by it. */
  public Usage updatedBy(Usage later) {
    if (later == null) return this;
    JsonObject merged = extra;
    if (!later.extra.isEmpty()) merged = extra.toBuilder().putAll(later.extra.members()).build();
    return new Usage(
        later.inputTokens != null ? later.inputTokens : inputTokens,
        later.outputTokens != null ? later.outputTokens : outputTokens,
        later.cacheCreationInputTokens != null ? later.cacheCreationInputTokens : cacheCreationInputTokens,
        later.cacheReadInputTokens != null ? later.cacheReadInputTokens : cacheReadInputTokens,
        merged);
  }

  /** Every input token the model read: fresh, read from the cache and written to it. */
  public int inputTotal() {
    return (inputTokens == null ? 0 : inputTokens) + (cacheReadInputTokens == null ? 0 : cacheReadInputTokens)
        + (cacheCreationInputTokens == null ? 0 : cacheCreationInputTokens);
  }

  /** {@code input/output}, as a log line shows them. */
  public String summary() {
    return inputTotal() + "/" + (outputTokens == null ? 0 : outputTokens);
  }
}
