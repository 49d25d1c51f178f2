package dev.ccr.providers.vertex;

import dev.ccr.ProviderException;
import dev.ccr.engine.Clock;
import dev.ccr.routing.Route;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A token from a {@link TokenSource}, kept until shortly before it expires. Callers that find none
 * fresh wait for one fetch rather than each fetching; a lock, not {@code synchronized}, because the
 * fetch is I/O (virtual threads).
 */
final class AccessTokens {
  /** Refresh this long before expiry (Google's libraries use a few minutes), or at half-life for short tokens. */
  static final long MARGIN_SECONDS = 300;

  private final TokenSource source;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Cached current;

  private record Cached(String value, long refreshAtNanos) {}

  AccessTokens(TokenSource source, Clock clock) {
    this.source = source;
    this.clock = clock;
  }

  /** A fresh access token; a {@link CredentialsException} when none can be had. */
  String get() {
    Cached c = current;
    if (fresh(c)) return c.value;
    lock.lock();
    try {
      c = current;
      if (fresh(c)) return c.value; // another caller fetched it while this one waited
      long start = clock.nanoTime(); // counted from before the call: the token's life began no later
      TokenSource.Token token = source.fetch();
      long life = Math.max(0, token.expiresInSeconds());
      long margin = Math.min(MARGIN_SECONDS, life / 2);
      current = new Cached(token.value(), start + TimeUnit.SECONDS.toNanos(life - margin));
      return token.value();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The {@code Authorization} value for a call along {@code route}; a failure is that call's
   * {@link ProviderException} (401 for bad or missing credentials), naming the route.
   */
  String authorization(Route route) {
    try {
      return "Bearer " + get();
    } catch (CredentialsException e) {
      throw new ProviderException(route.provider(), route.model(), e.status(), route.target() + ": " + e.getMessage(),
          Map.of(), null);
    }
  }

  private boolean fresh(Cached c) {
    return c != null && clock.nanoTime() - c.refreshAtNanos < 0;
  }

  /** Callers waiting for the fetch in progress, so a test can see they queued behind it. */
  int waiting() {
    return lock.getQueueLength();
  }

  @Override
  public String toString() {
    return "AccessTokens[" + source + "]";
  }
}
