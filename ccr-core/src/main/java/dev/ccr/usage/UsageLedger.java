package dev.ccr.usage;

import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every exchange's {@link UsageRecord}: the most recent ones, sums by route, provider, model and
 * session, spend per day and month (UTC), and live feeds for listeners. {@link #record} only hands
 * the record to the ledger's own thread, so the exchange that ends never waits for the bookkeeping
 * or for a listener. Thread-safe; one ledger may outlive many routers (a reloaded config keeps it).
 */
public final class UsageLedger implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UsageLedger.class);
  public static final int DEFAULT_RECENT = 1000;
  /** Records kept per route for rolling figures (monitoring conditions). */
  public static final int ROLLING = 100;
  /** Records waiting to be applied beyond this are dropped (and counted), never queued without end. */
  static final int BACKLOG = 100_000;
  /** How long the ledger's thread gathers records after the first before applying them together. */
  static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final Figures figures;
  private final UsageSeries series = new UsageSeries();
  private final Instant started;
  private final LinkedBlockingQueue<Runnable> work = new LinkedBlockingQueue<>(BACKLOG);
  private final Thread applier;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicInteger openStreams = new AtomicInteger();
  private final List<UsageFeed> feeds = new CopyOnWriteArrayList<>();
  private final List<Consumer<UsageRecord>> watchers = new CopyOnWriteArrayList<>();
  private final Map<String, Object> kept = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean closed;

  /** A ledger keeping the latest {@link #DEFAULT_RECENT} records. */
  public UsageLedger() {
    this(DEFAULT_RECENT, Instant.now());
  }

  /** A ledger keeping the latest {@code recent} records, counting from {@code started}. */
  public UsageLedger(int recent, Instant started) {
    if (recent < 1) throw new IllegalArgumentException("recent must be at least 1: " + recent);
    this.figures = new Figures(recent);
    this.started = started;
    this.applier = new Thread(this::applyLoop, "ccr-usage");
    applier.setDaemon(true);
    applier.start();
  }

  /**
   * A ledger for {@code config}: keeping as many records as its {@code USAGE_HISTORY} says
   * ({@value #DEFAULT_RECENT} when absent), counting from {@code started}.
   */
  public static UsageLedger forConfig(CcrConfig config, Instant started) {
    return new UsageLedger(history(config), started);
  }

  /** {@code USAGE_HISTORY}, checked; a {@link ConfigException} when it is not a whole number from 1 to a million. */
  public static int history(CcrConfig config) {
    JsonValue v = config.resolved().get("USAGE_HISTORY");
    if (v == null) return DEFAULT_RECENT;
    if (v instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 1 && n.longValue() <= 1_000_000) {
      return n.intValue();
    }
    throw new ConfigException("USAGE_HISTORY must be a whole number from 1 to 1000000 (records kept for "
        + "/api/requests), not " + v.toJson());
  }

  /** Takes {@code record} in; returns at once (the record is applied on the ledger's thread). */
  public void record(UsageRecord record) {
    if (closed || !work.offer(() -> apply(record))) {
      if (dropped.incrementAndGet() == 1) log.warn("usage records are being dropped: the ledger cannot keep up");
    }
  }

  /** Waits until every record taken in before this call is applied and handed to the feeds. */
  public void flush() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    work.put(done::countDown);
    java.util.concurrent.locks.LockSupport.unpark(applier); // no need to wait out the batching beat
    done.await();
  }

  private void applyLoop() {
    java.util.List<Runnable> batch = new java.util.ArrayList<>();
    while (!closed) {
      try {
        run(work.take()); // idle: the first record wakes this thread
        // Busy: the records that came in during each beat of a few milliseconds, until a beat brings
        // none. Waking this thread for every record was a context switch per request (measured at
        // concurrency 1: one switch and ~18 µs of CPU per request); going back to take() after every
        // beat still had a request thread wake it once a beat, in the middle of its request.
        int applied;
        do {
          java.util.concurrent.locks.LockSupport.parkNanos(BATCH_NANOS);
          applied = work.drainTo(batch);
          for (Runnable r : batch) run(r);
          batch.clear();
        } while (applied > 0 && !closed);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void run(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.warn("usage bookkeeping failed", e);
    }
  }

  private void apply(UsageRecord r) {
    figures.add(r);
    series.add(r);
    for (Consumer<UsageRecord> w : watchers) {
      try {
        w.accept(r);
      } catch (RuntimeException e) {
        log.warn("a usage watcher failed", e);
      }
    }
    for (UsageFeed f : feeds) f.offer(r);
  }

  /**
   * Has {@code watcher} called with each record on the ledger's own thread, once the sums include it
   * and before {@link #flush} returns: for quick updates of state read on the request path (a spent
   * budget), never for slow work, which holds up the bookkeeping (use {@link #subscribe}). Close the
   * result to stop.
   */
  public AutoCloseable watch(Consumer<UsageRecord> watcher) {
    watchers.add(watcher);
    return () -> watchers.remove(watcher);
  }

  /** The latest records, newest first, at most {@code limit}. */
  public List<UsageRecord> recent(int limit) {
    return figures.recent(limit);
  }

  /** How many records the ring keeps. */
  public int capacity() {
    return figures.capacity();
  }

  /** Sums over every exchange since the start. */
  public Totals total() {
    return figures.total();
  }

  /** Sums by {@code provider,model}. */
  public Map<String, Totals> byRoute() {
    return figures.byRoute();
  }

  public Map<String, Totals> byProvider() {
    return figures.byProvider();
  }

  public Map<String, Totals> byModel() {
    return figures.byModel();
  }

  /**
   * Sums over time by {@code by}: per-minute buckets for the last hour or per-hour buckets for the
   * last day ({@code resolution}), each name's oldest first, the last bucket holding {@code now}.
   */
  public Map<String, List<UsageSeries.Point>> series(UsageSeries.By by, UsageSeries.Resolution resolution, Instant now) {
    return series.series(by, resolution, now);
  }

  /** Sums by session id, least recently active first (the latest ten thousand sessions). */
  public Map<String, Totals> bySession() {
    return figures.bySession();
  }

  /** One session's latest exchange and sums; empty when the ledger has not seen it. */
  public Optional<SessionUsage> session(String sessionId) {
    return figures.session(sessionId);
  }

  /** The latest records of {@code route} ({@code provider,model}), oldest first, at most {@link #ROLLING}. */
  public List<UsageRecord> rolling(String route) {
    return figures.rolling(route);
  }

  /**
   * True the first time it is asked with {@code key}, false after: so an alert goes out once per
   * threshold and period even when a reloaded config's router asks again.
   */
  public boolean firstTime(String key) {
    return figures.firstTime(key);
  }

  /**
   * The object kept under {@code key}, made by {@code make} the first time: state that must outlive
   * the routers reading this ledger (monitoring alerts stay switched across a config reload).
   */
  public <T> T keep(String key, Class<T> type, java.util.function.Supplier<T> make) {
    return type.cast(kept.computeIfAbsent(key, k -> make.get()));
  }

  /** Spend on the UTC day of {@code when}. */
  public double spentOnDay(Instant when) {
    return figures.spentOnDay(when);
  }

  /** Spend in the UTC month of {@code when}. */
  public double spentInMonth(Instant when) {
    return figures.spentInMonth(when);
  }

  public Instant started() {
    return started;
  }

  /** Records lost because the ledger could not keep up. */
  public long dropped() {
    return dropped.get();
  }

  /** Streams being answered right now. */
  public int openStreams() {
    return openStreams.get();
  }

  /** Counts a stream as open; the engine calls it as a stream starts, and {@link #streamClosed} as it ends. */
  public void streamOpened() {
    openStreams.incrementAndGet();
  }

  public void streamClosed() {
    openStreams.decrementAndGet();
  }

  /** A feed of the records taken in from now on, holding up to {@code capacity} unread. Close it when done. */
  public UsageFeed feed(int capacity) {
    UsageFeed f = new UsageFeed(this, capacity);
    feeds.add(f);
    return f;
  }

  void leave(UsageFeed f) {
    feeds.remove(f);
  }

  /** Feeds open now; one per live listener and reader. */
  public int feeds() {
    return feeds.size();
  }

  /**
   * Has {@code listener} called with each record from now on, on a thread of its own: a slow
   * listener falls behind (and loses records past a thousand unread) without holding up anything
   * else. Close the result to stop.
   */
  public AutoCloseable subscribe(Consumer<UsageRecord> listener) {
    UsageFeed f = feed(1000);
    Thread t = new Thread(() -> {
      try {
        while (!f.isClosed()) {
          UsageRecord r = f.poll(1, TimeUnit.MINUTES);
          if (r == null) continue;
          try {
            listener.accept(r);
          } catch (RuntimeException e) {
            log.warn("a usage listener failed", e);
          }
        }
      } catch (InterruptedException e) {
        // closed
      }
    }, "ccr-usage-listener");
    t.setDaemon(true);
    t.start();
    return f::close;
  }

  /** Stops taking records in and closes every feed. */
  @Override
  public void close() {
    closed = true;
    applier.interrupt();
    feeds.forEach(UsageFeed::close);
  }
}
