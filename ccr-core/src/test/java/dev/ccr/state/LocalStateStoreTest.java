package dev.ccr.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalStateStoreTest {
  final FakeClock clock = new FakeClock();
  final LocalStateStore store = new LocalStateStore(clock::now, 2, Duration.ofHours(1));

  @Test
  void aSessionIsForgottenAfterItsTimeToLiveAndTheLeastRecentlyUsedGoesFirst() {
    store.recordInput("s1", 70_000);
    clock.advance(Duration.ofMinutes(59).toMillis());
    assertThat(store.lastInput("s1")).isEqualTo(70_000);
    store.recordInput("s2", 10);
    store.lastInput("s1");
    store.recordInput("s3", 20);
    assertThat(store.lastInput("s2")).as("least recently used, over capacity").isZero();

    clock.advance(Duration.ofMinutes(2).toMillis());

    assertThat(store.lastInput("s1")).as("older than an hour").isZero();
    assertThat(store.lastInput("s3")).isEqualTo(20);
  }

  @Test
  void aRestingKeyAndAnOpenCircuitEndAtTheirDeadline() {
    Instant until = clock.now().plusSeconds(30);
    store.restKey("p:abc", until);
    store.restKey("p:abc", clock.now().plusSeconds(5)); // a shorter rest does not cut a longer one
    store.openCircuit("p,m", until);
    assertThat(store.keyRestsUntil("p:abc")).isEqualTo(until);
    assertThat(store.circuitOpenUntil("p,m")).isEqualTo(until);

    clock.advance(30_000);

    assertThat(store.keyRestsUntil("p:abc")).isNull();
    store.closeCircuit("p,m");
    assertThat(store.circuitOpenUntil("p,m")).isNull();
  }

  @Test
  void aWindowAdmitsUntilItsLimitIsReachedTakesAllChargesOrNoneAndOpensAgainWhenTheNextBegins() {
    long minute = 60_000;
    clock.advance(minute - (clock.now().toEpochMilli() % minute) + 10_000); // ten seconds into a minute
    List<Charge> one = List.of(new Charge("route", 1, 2), new Charge("tokens", 500, 1_000));
    assertThat(store.take(one, minute, clock.now())).isZero();
    assertThat(store.take(one, minute, clock.now())).as("tokens reach the limit on this one").isZero();
    long wait = store.take(one, minute, clock.now());
    assertThat(wait).isEqualTo(50_000);
    assertThat(store.take(List.of(new Charge("route", 1, 3)), minute, clock.now()))
        .as("the refused request took nothing from the route").isZero();

    clock.advance(wait);

    assertThat(store.take(one, minute, clock.now())).isZero();
  }

  @Test
  void keyIdsNameTheProviderButNeverTheKey() {
    String id = StateStore.keyId("DeepSeek", "sk-secret-123");
    assertThat(id).startsWith("deepseek:").doesNotContain("secret").hasSize("deepseek:".length() + 16);
    assertThat(StateStore.keyId("deepseek", "sk-secret-124")).isNotEqualTo(id);
  }
}
