package dev.ccr.routing;

import dev.ccr.state.LocalStateStore;
import dev.ccr.state.StateStore;
import java.time.Instant;

/**
 * The last input size of each recent session, for the long-context rule, kept in a {@link
 * StateStore}: this process's own, or one shared by every instance behind a load balancer.
 */
public final class SessionMemory {
  private final StateStore state;

  /** Sessions in this process only, at most {@code capacity}, least recently used first out. */
  public SessionMemory(int capacity) {
    this(new LocalStateStore(Instant::now, capacity, LocalStateStore.SESSION_TTL));
  }

  public SessionMemory(StateStore state) {
    this.state = state;
  }

  /** Input tokens of the session's last turn, or 0 when unknown. */
  public int lastInputTokens(String sessionId) {
    return sessionId == null ? 0 : state.lastInput(sessionId);
  }

  public void record(String sessionId, int inputTokens) {
    if (sessionId == null || inputTokens <= 0) return;
    state.recordInput(sessionId, inputTokens);
  }
}
