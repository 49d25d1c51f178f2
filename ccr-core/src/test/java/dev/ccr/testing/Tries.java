package dev.ccr.testing;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Property-style tries under JUnit Jupiter: {@code n} generated cases, each a dynamic test with its
 * own seed in its name, so a failure says exactly which input to replay. The seeds are fixed (CI
 * sees the same cases every run); {@code -Dccr.tries.seed=N} explores others, {@code
 * -Dccr.tries.factor=K} runs K times as many.
 */
public final class Tries {
  private static final long BASE = Long.getLong("ccr.tries.seed", 20261201L);
  private static final int FACTOR = Integer.getInteger("ccr.tries.factor", 1);

  private Tries() {}

  /** {@code n} cases, each given a {@link Random} seeded for it alone. */
  public static Stream<DynamicTest> of(String property, int n, ThrowingConsumer<Random> body) {
    long base = BASE ^ property.hashCode();
    return IntStream.range(0, n * FACTOR).mapToObj(i -> {
      long seed = base + i;
      return DynamicTest.dynamicTest("try " + i + " (seed " + seed + ")", () -> body.accept(new Random(seed)));
    });
  }

  /** One of {@code choices}. */
  @SafeVarargs
  public static <T> T pick(Random r, T... choices) {
    return choices[r.nextInt(choices.length)];
  }

  public static <T> T pick(Random r, List<T> choices) {
    return choices.get(r.nextInt(choices.size()));
  }
}
