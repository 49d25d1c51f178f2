package dev.ccr.engine;

import dev.ccr.NoRouteException;
import dev.ccr.ProviderException;
import dev.ccr.RateLimitedException;
import dev.ccr.config.Resilience;
import dev.ccr.engine.Upstreams.Upstream;
import dev.ccr.internal.LogText;
import dev.ccr.routing.Route;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which tries a call gets: each candidate (the route, then its fallbacks) up to the configured
 * attempts while its errors are retryable, with exponential backoff and jitter or the provider's
 * Retry-After up to a cap; the next key of the pool at once when a key was refused or limited;
 * candidates whose circuit is open are skipped unless it is the last.
 */
final class AttemptPolicy {
  private static final Logger log = LoggerFactory.getLogger(AttemptPolicy.class);

  private final Resilience settings;
  private final Clock clock;

  AttemptPolicy(Resilience settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** What one try of one candidate does, with one key of its pool (null when it has none). */
  interface Attempt<T> {
    T run(Route candidate, Upstream upstream, String key);
  }

  /** Runs {@code attempt} over {@code candidates}, resolved as they are reached; the last failure when none worked. */
  <T> T run(List<Route> candidates, Function<Route, Upstream> upstreams, Attempt<T> attempt) {
    ProviderException last = null;
    for (int c = 0; c < candidates.size(); c++) {
      Route candidate = candidates.get(c);
      Upstream upstream = upstreams.apply(candidate);
      CircuitBreaker breaker = upstream.breaker;
      if (!breaker.allow() && c < candidates.size() - 1) {
        log.warn("{} skipped: its circuit is open after repeated failures", LogText.escaped(candidate.target()));
        continue;
      }
      KeyPool keys = upstream.keys();
      for (int i = 1; i <= settings.attempts(); i++) {
        String key = keys.next();
        try {
          T result = attempt.run(candidate, upstream, key);
          breaker.success();
          return result;
        } catch (ProviderException e) {
          last = e;
          boolean keyProblem = e.upstreamStatus() == 401 || e.upstreamStatus() == 403 || e.upstreamStatus() == 429;
          if (keyProblem && keys.size() > 1) keys.rest(key, restFor(e));
          boolean anotherKey = keyProblem && keys.hasAnotherReady(key);
          // The circuit tracks whether the provider is up: one key's refusal or a bad request is not an outage.
          if (e.retryable() && !anotherKey) breaker.failure();
          if ((!e.retryable() && !anotherKey) || i == settings.attempts()) break;
          long wait = anotherKey ? 0 : backoffMillis(i, e);
          if (wait < 0) break; // the provider asked for a longer wait than we will hold the client
          log.info("{} failed ({}); try {} of {} in {} ms", LogText.escaped(candidate.target()), LogText.escaped(e.getMessage()), i + 1,
              settings.attempts(), wait);
          if (wait > 0) sleep(wait);
        }
      }
      if (c < candidates.size() - 1) {
        log.warn("{} failed; falling back to {}", LogText.escaped(candidate.target()), LogText.escaped(candidates.get(c + 1).target()));
      }
    }
    throw last != null ? last
        : new NoRouteException("every candidate for " + candidates.get(0).target() + " has an open circuit");
  }

  private static Duration restFor(ProviderException e) {
    if (e instanceof RateLimitedException rl && rl.retryAfter() != null) return rl.retryAfter();
    return e.upstreamStatus() == 429 ? Duration.ofSeconds(30) : Duration.ofMinutes(10);
  }

  /** Exponential backoff with full jitter; Retry-After when given, or -1 when it is over the cap. */
  long backoffMillis(int attempt, ProviderException e) {
    if (e instanceof RateLimitedException rl && rl.retryAfter() != null) {
      long asked = rl.retryAfter().toMillis();
      return asked > settings.maxRetryAfterMs() ? -1 : asked;
    }
    long ceiling = Math.min(settings.maxBackoffMs(), settings.initialBackoffMs() << Math.min(20, attempt - 1));
    return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }

  private void sleep(long millis) {
    try {
      clock.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("ccr", "-", 0, "interrupted while waiting to retry", Map.of(), e);
    }
  }
}
