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
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Deadlines.class);
  /** How long the sweeping thread keeps looking after the last call ended, before it parks. */
  private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Set<Deadline> live = ConcurrentHashMap.newKeySet();
  /** A quarter of the shortest limit seen: a call is cut within 125% of its limit. */
  private final java.util.concurrent.atomic.AtomicLong tickNanos = new java.util.concurrent.atomic.AtomicLong(MAX_TICK_NANOS);
  private volatile Thread sweeper;
  private volatile boolean parked;
  private volatile boolean closed;

  /** Starts timing {@code onExpiry}'s call: it runs once if {@code budgetMs} passes without progress. */
  Deadline start(long budgetMs, Runnable onExpiry) {
    Deadline d = new Deadline(budgetMs, onExpiry);
    shorterTick(budgetMs);
    live.add(d);
    Thread t = sweeper; // read after the add: a sweeper that saw the set empty is seen as gone (see run)
    if (t == null || !t.isAlive()) startSweeper();
    else if (parked) LockSupport.unpark(t);
    return d;
  }

  /** Cancels every call whose time is up at {@code now}; returns how many. */
  int sweep(long now) {
    int expired = 0;
    for (Deadline d : live) {
      if (d.waiting && now - d.expiresAt > 0 && live.remove(d)) {
        d.expired = true;
        expired++;
        try {
          d.onExpiry.run();
        } catch (RuntimeException | Error e) {
          // A host's event listener may throw from cancel(): the other calls must still be timed.
          log.warn("cutting a late upstream call failed", e);
        }
      }
    }
    return expired;
  }

  int live() {
    return live.size();
  }

  private void shorterTick(long budgetMs) {
    long tick = Math.max(MIN_TICK_NANOS, TimeUnit.MILLISECONDS.toNanos(budgetMs) / 4);
    if (tick < tickNanos.get() && tickNanos.getAndAccumulate(tick, Math::min) > tick) {
      Thread t = sweeper;
      if (t != null) LockSupport.unpark(t); // it may be asleep for the old, longer tick
    }
  }

  /** Calls that start after {@link #close} (on a router being retired) are timed too. */
  private synchronized void startSweeper() {
    Thread running = sweeper;
    if (running != null && running.isAlive()) return;
    Thread t = new Thread(this::run, "ccr-upstream-deadlines");
    t.setDaemon(true);
    sweeper = t;
    t.start();
  }

  private void run() {
    long idleSince = System.nanoTime();
    // Closed, it still times the calls running on (a retired router's streams), then ends.
    while (!closed || !live.isEmpty()) {
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
      LockSupport.parkNanos(this, tickNanos.get());
    }
    synchronized (this) {
      if (sweeper == Thread.currentThread()) sweeper = null;
    }
  }

  /** The sweeping thread ends once the calls still running have ended; later calls start another. */
  @Override
  public void close() {
    closed = true;
    Thread t = sweeper;
    if (t != null) LockSupport.unpark(t);
  }

  /**
   * One call's limit: counted only while the call waits on the upstream (from its start to the
   * reply's headers, then inside each read), started afresh by each read, ended when the call is
   * done. Time the reader spends elsewhere (writing to a slow client) is not the upstream's.
   */
  final class Deadline implements AutoCloseable {
    private final Runnable onExpiry;
    private volatile long budgetNanos;
    private volatile long expiresAt;
    private volatile boolean waiting = true;
    private volatile boolean expired;

    private Deadline(long budgetMs, Runnable onExpiry) {
      this.onExpiry = onExpiry;
      this.budgetNanos = TimeUnit.MILLISECONDS.toNanos(budgetMs);
      this.expiresAt = System.nanoTime() + budgetNanos;
    }

    /** A wait on the upstream begins (a read): the whole budget, from now. */
    void enter() {
      expiresAt = System.nanoTime() + budgetNanos;
      waiting = true;
    }

    /** The wait is over (headers arrived, a read returned): not timed until the next one. */
    void exit() {
      waiting = false;
    }

    /** From now on each wait may take {@code budgetMs} (a stream's gap after its first event). */
    void budget(long budgetMs) {
      budgetNanos = TimeUnit.MILLISECONDS.toNanos(budgetMs);
      shorterTick(budgetMs);
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
