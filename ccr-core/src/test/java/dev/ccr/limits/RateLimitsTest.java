package dev.ccr.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.ConfigException;
import dev.ccr.LimitExceededException;
import dev.ccr.config.CcrConfig;
import dev.ccr.routing.Route;
import dev.ccr.state.LocalStateStore;
import dev.ccr.testing.FakeClock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
  final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T10:00:00Z"));
  final LocalStateStore state = new LocalStateStore(clock::now);
  final Route route = new Route("up", "m1", "default", "test", null);

  static RateLimits limits(String section, Map<String, String> env) {
    return RateLimits.of(CcrConfig.parse("{Providers: [], RATE_LIMITS: " + section + "}", env::get));
  }

  @Test
  void problemsAreNamedAndAClientKeyIsNamedByPositionNeverQuoted() {
    assertThatThrownBy(() -> limits("{routes: {'up,m1': {requests_per_minute: -1}}, keys: {'sk-secret': 5}}", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("RATE_LIMITS.routes[\"up,m1\"].requests_per_minute must be a whole number")
        .hasMessageContaining("RATE_LIMITS.keys[0] must be an object")
        .hasMessageNotContaining("sk-secret");
  }

  @Test
  void keyLimitsWithoutApikeyOrNamingAnotherKeyAreWarnedAboutWithoutQuotingTheKey() {
    CcrConfig open = CcrConfig.parse("{Providers: [], RATE_LIMITS: {keys: {'sk-team': {requests_per_minute: 5}}}}");
    assertThat(open.warnings()).anyMatch(w -> w.startsWith("RATE_LIMITS.keys limits nothing without APIKEY"))
        .noneMatch(w -> w.contains("sk-team"));

    CcrConfig other = CcrConfig.parse("{APIKEY: 'sk-proxy', Providers: [], RATE_LIMITS: {keys: {'sk-proxy': "
        + "{requests_per_minute: 5}, 'sk-team': {requests_per_minute: 5}}}}");
    assertThat(other.warnings()).containsOnlyOnce(
        "RATE_LIMITS.keys[1] is not APIKEY's value: only APIKEY authenticates, so it never matches");
    assertThat(other.warnings()).noneMatch(w -> w.contains("sk-team") || w.contains("limits nothing"));

    CcrConfig guarded = CcrConfig.parse("{APIKEY: 'sk-proxy', Providers: [], RATE_LIMITS: {keys: {'sk-proxy': {requests_per_minute: 5}}}}");
    assertThat(guarded.warnings()).noneMatch(w -> w.contains("RATE_LIMITS"));
  }

  @Test
  void tokensAreCountedOnlyWhenATokenLimitAppliesAndAnUnsetVariableMatchesNoKey() {
    AtomicInteger counted = new AtomicInteger();
    RateLimits l = limits("{routes: {'UP,M1': {requests_per_minute: 1}}, keys: {'$UNSET': {requests_per_minute: 0}}}",
        Map.of());
    l.admit(route, "$UNSET", () -> counted.incrementAndGet(), state, clock.now());
    assertThat(counted).as("no token limit: no counting").hasValue(0);
    assertThatThrownBy(() -> l.admit(route, null, counted::incrementAndGet, state, clock.now()))
        .isInstanceOf(LimitExceededException.class)
        .satisfies(e -> assertThat(((LimitExceededException) e).retryAfterSeconds()).isEqualTo(60))
        .satisfies(e -> assertThat(((LimitExceededException) e).status()).isEqualTo(429));
  }
}
