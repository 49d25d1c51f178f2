package dev.ccr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.testing.FakeClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResilienceStateTest {
  final FakeClock clock = new FakeClock();

  @Test
  void circuitOpensAfterConsecutiveFailuresAndOneProbeClosesIt() {
    CircuitBreaker breaker = new CircuitBreaker(3, 50, clock);

    breaker.failure();
    breaker.failure();
    breaker.success(); // not consecutive
    breaker.failure();
    breaker.failure();
    assertThat(breaker.allow()).isTrue();
    breaker.failure();
    assertThat(breaker.isOpen()).isTrue();
    assertThat(breaker.allow()).isFalse();
    clock.advance(49);
    assertThat(breaker.allow()).as("still open just before its time").isFalse();

    clock.advance(1);
    assertThat(breaker.isOpen()).isFalse();
    assertThat(breaker.allow()).as("one probe").isTrue();
    assertThat(breaker.allow()).as("only one").isFalse();
    breaker.failure();
    assertThat(breaker.allow()).as("reopened").isFalse();
    clock.advance(50);
    assertThat(breaker.allow()).isTrue();
    breaker.success();
    assertThat(breaker.allow()).isTrue();
    assertThat(breaker.isOpen()).isFalse();
  }

  @Test
  void keysAreTakenInTurnAndARestingKeyIsPassedOver() {
    KeyPool pool = new KeyPool(List.of("a", "b", "c"), clock);

    assertThat(List.of(pool.next(), pool.next(), pool.next(), pool.next())).containsExactly("a", "b", "c", "a");
    pool.rest("b", Duration.ofMinutes(1));
    assertThat(List.of(pool.next(), pool.next(), pool.next())).doesNotContain("b");
    assertThat(pool.hasAnotherReady("a")).isTrue();
    pool.rest("a", Duration.ofMinutes(1));
    pool.rest("c", Duration.ofMinutes(2));
    assertThat(pool.next()).as("all resting: the one that rests least").isIn("a", "b");
    assertThat(new KeyPool(List.of(), clock).next()).isNull();
  }

  @Test
  void aRestingKeyComesBackWhenItsRestIsOver() {
    KeyPool pool = new KeyPool(List.of("a", "b"), clock);
    pool.rest("a", Duration.ofSeconds(30));
    assertThat(List.of(pool.next(), pool.next())).containsExactly("b", "b");
    assertThat(pool.hasAnotherReady("b")).isFalse();

    clock.advance(30_000);

    assertThat(pool.hasAnotherReady("b")).isTrue();
    assertThat(List.of(pool.next(), pool.next())).containsExactlyInAnyOrder("a", "b");
  }
}
