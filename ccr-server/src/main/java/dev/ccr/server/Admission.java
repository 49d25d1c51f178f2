package dev.ccr.server;

import dev.ccr.ConfigException;
import dev.ccr.LimitExceededException;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code "performance": {"maxConcurrentRequests": N, "requestTimeout": ms}}: at most N model
 * requests at once; one more waits up to {@code requestTimeout} (0, the default, not at all) for a
 * free place and is then turned away with a 529 {@code overloaded_error}, so a full ccr answers at
 * once instead of piling up streams until it falls over. Unlimited without the setting.
 */
public final class Admission {
  static final Admission UNLIMITED = new Admission(0, 0);

  private final int max;
  private final long waitMs;
  private final Semaphore places;

  private Admission(int max, long waitMs) {
    this.max = max;
    this.waitMs = waitMs;
    this.places = max > 0 ? new Semaphore(max) : null;
  }

  static Admission of(CcrConfig config) {
    JsonObject p = config.resolved().getObject("performance");
    if (p == null) return UNLIMITED;
    List<String> problems = new ArrayList<>();
    long max = number(p, "maxConcurrentRequests", 1, problems);
    long wait = number(p, "requestTimeout", 0, problems);
    if (!problems.isEmpty()) throw new ConfigException(problems);
    return max <= 0 ? UNLIMITED : new Admission((int) Math.min(max, Integer.MAX_VALUE), Math.max(0, wait));
  }

  /** Problems in {@code performance}, for start-up and {@code ccr validate}; empty when none. */
  public static List<String> check(CcrConfig config) {
    try {
      of(config);
      return List.of();
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  private static long number(JsonObject o, String field, long min, List<String> problems) {
    JsonValue v = o.get(field);
    if (v == null) return -1;
    if (v instanceof JsonNumber n && n.isIntegral() && n.longValue() >= min) return n.longValue();
    problems.add("performance." + field + " must be a whole number of at least " + min + ", not " + v.toJson());
    return -1;
  }

  /** True when this admits as {@code other} would: a reloaded config with the same setting keeps the places taken. */
  boolean sameAs(Admission other) {
    return max == other.max && waitMs == other.waitMs;
  }

  /** Takes a place, or throws 529 when none frees up in time; close the result to give it back. */
  Place enter() {
    if (places == null) return () -> {};
    boolean got;
    try {
      got = waitMs == 0 ? places.tryAcquire() : places.tryAcquire(waitMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      got = false;
    }
    if (!got) {
      throw new LimitExceededException(529, "ccr is serving its maximum of " + max
          + " requests at once (performance.maxConcurrentRequests); try again shortly", 1);
    }
    return places::release;
  }

  /** A place taken; closing gives it back. */
  interface Place extends AutoCloseable {
    @Override
    void close();
  }
}
