package dev.ccr.bench;

import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesRequest;
import dev.ccr.routing.TokenCounter;
import dev.ccr.testing.Fixtures;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Token counting of the 50 KB Claude Code capture: a fresh request object each time (as each turn
 * arrives), with the counter's string cache warm (a session's second turn) and cold (its first).
 * The baseline is reading the same request, which every turn pays anyway.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenCountBenchmark {
  String capture;
  final TokenCounter warm = new TokenCounter();

  @Setup
  public void setUp() {
    capture = Fixtures.claudeCodeBodyText("tool-read-turn2");
    warm.count(AnthropicJson.readRequest(capture));
  }

  /** Baseline: reading the request into the typed model. */
  @Benchmark
  public MessagesRequest readRequestBaseline() {
    return AnthropicJson.readRequest(capture);
  }

  /** A session's later turn: the system prompt and tools were counted before. */
  @Benchmark
  public int readAndCountWarm() {
    return warm.count(AnthropicJson.readRequest(capture));
  }

  /** A first turn: every string counted with cl100k_base. */
  @Benchmark
  public int readAndCountCold() {
    return new TokenCounter().count(AnthropicJson.readRequest(capture));
  }

}
