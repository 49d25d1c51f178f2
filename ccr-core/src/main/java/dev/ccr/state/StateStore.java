package dev.ccr.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The state one ccr instance may share with others behind the same load balancer: each session's
 * last input size (for the long-context rule), resting keys, open circuits, usage counters and
 * rate-limit windows. {@link LocalStateStore} keeps it in this process, the default; a shared store
 * (Redis, in ccr-server) makes instances agree. Times are wall-clock instants of the engine's clock.
 *
 * <p>Every method is called on the request path: an implementation answers from memory or within a
 * small budget, and falls back to its own local state when the shared one cannot be reached.
 * Identifiers never carry a secret: keys are named by {@link #keyId}.
 */
public interface StateStore extends AutoCloseable {
  /** Input tokens of the session's last turn, or 0 when unknown or older than the store keeps it. */
  int lastInput(String sessionId);

  void recordInput(String sessionId, int inputTokens);

  /** Until when {@code keyId} rests after a refusal or rate limit; null when it does not. */
  Instant keyRestsUntil(String keyId);

  void restKey(String keyId, Instant until);

  /** Until when the circuit of {@code target} ({@code provider,model}) is open; null when it is closed. */
  Instant circuitOpenUntil(String target);

  void openCircuit(String target, Instant until);

  void closeCircuit(String target);

  /** This instance's usage by route since it started, replacing what it said before. */
  void publishUsage(Map<String, UsageCounts> mine);

  /** Usage by route over every instance sharing the store (this one's alone for a local store). */
  Map<String, UsageCounts> combinedUsage();

  /**
   * Takes every charge of one request from the current window of {@code windowMillis}, all or none:
   * 0 when taken, else the milliseconds until the window that refused it ends.
   */
  long take(List<Charge> charges, long windowMillis, Instant now);

  /** True when instances share this store: a report then shows combined figures. */
  boolean shared();

  @Override
  void close();

  /**
   * A name for a provider's key that says which key it is without saying the key: the provider's
   * name and the start of the key's SHA-256.
   */
  static String keyId(String provider, String key) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return provider.toLowerCase(java.util.Locale.ROOT) + ":" + java.util.HexFormat.of().formatHex(d, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
  }
}
