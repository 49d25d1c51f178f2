package dev.ccr.server.benchmark;

/**
 * One request's outcome: its latency, its time to first token (-1 without a stream), its tokens, and
 * the error it ended with (null when it succeeded).
 */
record Sample(String target, long latencyNanos, long ttftNanos, int inputTokens, int outputTokens, String error) {
  boolean ok() {
    return error == null;
  }

  /** The time spent producing output: after the first token in a stream, else the whole latency. */
  long generationNanos() {
    return ttftNanos >= 0 ? latencyNanos - ttftNanos : latencyNanos;
  }
}
