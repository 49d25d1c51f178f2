package dev.ccr.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Time limits on upstream calls, kept by one thread that looks over all calls a few times per
 * limit and cancels the late ones.
 *
 * <p>Why not OkHttp's read timeout: Okio enforces it per read and per write through a shared
 * watchdog, taking a lock and (when the queue was empty, as it is at one request at a time) waking
 * the watchdog thread on every socket operation: two thread wake-ups per request, measured. Here a
 * call costs a set insert and remove, and a read a volatile write.
 */
final class Deadlines implements AutoCloseable {
  /** How long the sweeping thread keeps looking after the last call ended, before it parks. */
  private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Set<Deadline> live = ConcurrentHashMap.newKeySet();
  /** A quarter of the shortest limit seen: a call is cut within 125% of its limit. */
  private volatile long tickNanos = MAX_TICK_NANOS;
  private volatile Thread sweeper;
  private volatile boolean parked;
  private volatile boolean closed;

  /** Starts timing {@code onExpiry}'s call: it runs once if {@code budgetMs} passes without progress. */
  Deadline start(long budgetMs, Runnable onExpiry) {
    Deadline d = new Deadline(budgetMs, onExpiry);
    shorterTick(budgetMs);
    live.add(d);
    Thread t = sweeper; // read after the add: a sweeper that saw the set empty is seen as gone (see run)
    if (t == null) startSweeper();
    else if (parked) LockSupport.unpark(t);
    return d;
  }

  /** Cancels every call whose time is up at {@code now}; returns how many. */
  int sweep(long now) {
    int expired = 0;
    for (Deadline d : live) {
      if (now - d.expiresAt > 0 && live.remove(d)) {
        d.expired = true;
        d.onExpiry.run();
        expired++;
      }
    }
    return expired;
  }

  int live() {
    return live.size();
  }

  private void shorterTick(long budgetMs) {
    long tick = Math.max(MIN_TICK_NANOS, TimeUnit.MILLISECONDS.toNanos(budgetMs) / 4);
    if (tick < tickNanos) {
      tickNanos = tick;
      Thread t = sweeper;
      if (t != null) LockSupport.unpark(t); // it may be asleep for the old, longer tick
    }
  }

  private synchronized void startSweeper() {
    if (sweeper != null || closed) return;
    Thread t = new Thread(this::run, "ccr-upstream-deadlines");
    t.setDaemon(true);
    sweeper = t;
    t.start();
  }

  private void run() {
    long idleSince = System.nanoTime();
    while (!closed) {
      long now = System.nanoTime();
      sweep(now);
      if (!live.isEmpty()) {
        idleSince = now;
      } else if (now - idleSince > LINGER_NANOS) {
        // Park until a call starts. Announce it first, then look again: a call that started in
        // between either sees parked and unparks, or is seen here.
        parked = true;
        if (live.isEmpty() && !closed) LockSupport.park(this);
        parked = false;
        idleSince = System.nanoTime();
        continue;
      }
      LockSupport.parkNanos(this, tickNanos);
    }
  }

  @Override
  public void close() {
    closed = true;
    Thread t = sweeper;
    if (t != null) LockSupport.unpark(t);
  }

  /** One call's limit: moved on by each sign of progress, ended when the call is done. */
  final class Deadline implements AutoCloseable {
    private final Runnable onExpiry;
    private volatile long budgetNanos;
    private volatile long expiresAt;
    private volatile boolean expired;

    private Deadline(long budgetMs, Runnable onExpiry) {
      this.onExpiry = onExpiry;
      this.budgetNanos = TimeUnit.MILLISECONDS.toNanos(budgetMs);
      this.expiresAt = System.nanoTime() + budgetNanos;
    }

    /** Progress: the call has its whole budget again, from now. */
    void extend() {
      expiresAt = System.nanoTime() + budgetNanos;
    }

    /** From now on each wait may take {@code budgetMs} (a stream's gap after its first event). */
    void budget(long budgetMs) {
      budgetNanos = TimeUnit.MILLISECONDS.toNanos(budgetMs);
      shorterTick(budgetMs);
      extend();
    }

    boolean expired() {
      return expired;
    }

    /** {@code e} as the timeout it was when this deadline cut the call, else {@code e} itself. */
    IOException explain(IOException e) {
      if (!expired || e instanceof InterruptedIOException) return e;
      SocketTimeoutException timeout = new SocketTimeoutException("timeout");
      timeout.initCause(e);
      return timeout;
    }

    @Override
    public void close() {
      live.remove(this);
    }
  }
}
