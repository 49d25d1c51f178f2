package dev.ccr.usage;

/**
 * What a model's tokens cost, per million, in whatever currency the config uses.
 *
 * @param cacheRead tokens read from the prompt cache
 * @param cacheWrite tokens written to the prompt cache
 */
public record Price(double input, double output, double cacheRead, double cacheWrite) {
  /** The cost of these token counts. */
  public double cost(long inputTokens, long outputTokens, long cacheReadTokens, long cacheCreationTokens) {
    return (inputTokens * input + outputTokens * output + cacheReadTokens * cacheRead + cacheCreationTokens * cacheWrite)
        / 1_000_000d;
  }
}
