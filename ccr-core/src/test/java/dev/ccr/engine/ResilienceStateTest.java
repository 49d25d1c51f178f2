package dev.ccr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResilienceStateTest {

  @Test
  void circuitOpensAfterConsecutiveFailuresAndOneProbeClosesIt() throws Exception {
    CircuitBreaker breaker = new CircuitBreaker(3, 50);

    breaker.failure();
    breaker.failure();
    breaker.success(); // not consecutive
    breaker.failure();
    breaker.failure();
    assertThat(breaker.allow()).isTrue();
    breaker.failure();
    assertThat(breaker.isOpen()).isTrue();
    assertThat(breaker.allow()).isFalse();

    Thread.sleep(80);
    assertThat(breaker.allow()).as("one probe").isTrue();
    assertThat(breaker.allow()).as("only one").isFalse();
    breaker.failure();
    assertThat(breaker.allow()).as("reopened").isFalse();
    Thread.sleep(80);
    assertThat(breaker.allow()).isTrue();
    breaker.success();
    assertThat(breaker.allow()).isTrue();
    assertThat(breaker.isOpen()).isFalse();
  }

  @Test
  void keysAreTakenInTurnAndARestingKeyIsPassedOver() {
    KeyPool pool = new KeyPool(List.of("a", "b", "c"));

    assertThat(List.of(pool.next(), pool.next(), pool.next(), pool.next())).containsExactly("a", "b", "c", "a");
    pool.rest("b", Duration.ofMinutes(1));
    assertThat(List.of(pool.next(), pool.next(), pool.next())).doesNotContain("b");
    assertThat(pool.hasAnotherReady("a")).isTrue();
    pool.rest("a", Duration.ofMinutes(1));
    pool.rest("c", Duration.ofMinutes(2));
    assertThat(pool.next()).as("all resting: the one that rests least").isIn("a", "b");
    assertThat(new KeyPool(List.of()).next()).isNull();
  }
}
