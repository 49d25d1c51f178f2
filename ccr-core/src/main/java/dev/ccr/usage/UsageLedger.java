package dev.ccr.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
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
  /** Records waiting to be applied beyond this are dropped (and counted), never queued without end. */
  static final int BACKLOG = 100_000;
  static final int SESSIONS = 10_000;
  /** Records kept per route for rolling figures (monitoring conditions). */
  public static final int ROLLING = 100;

  private final int capacity;
  private final Instant started;
  private final LinkedBlockingQueue<Runnable> work = new LinkedBlockingQueue<>(BACKLOG);
  private final Thread applier;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicInteger openStreams = new AtomicInteger();
  private final List<UsageFeed> feeds = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock:
  private final ArrayDeque<UsageRecord> recent;
  private final Aggregate total = new Aggregate();
  private final Map<String, Aggregate> byRoute = new TreeMap<>();
  private final Map<String, Aggregate> byProvider = new TreeMap<>();
  private final Map<String, Aggregate> byModel = new TreeMap<>();
  private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
      return size() > SESSIONS;
    }
  };
  private final Map<String, ArrayDeque<UsageRecord>> rolling = new TreeMap<>();
  private final Map<String, Boolean> once = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > 10_000;
    }
  };
  private final Map<LocalDate, Double> daily = new TreeMap<>();
  private final Map<YearMonth, Double> monthly = new TreeMap<>();
  private volatile boolean closed;

  /** A ledger keeping the latest {@link #DEFAULT_RECENT} records. */
  public UsageLedger() {
    this(DEFAULT_RECENT, Instant.now());
  }

  /** A ledger keeping the latest {@code recent} records, counting from {@code started}. */
  public UsageLedger(int recent, Instant started) {
    if (recent < 1) throw new IllegalArgumentException("recent must be at least 1: " + recent);
    this.capacity = recent;
    this.recent = new ArrayDeque<>(Math.min(recent, 4096));
    this.started = started;
    this.applier = new Thread(this::applyLoop, "ccr-usage");
    applier.setDaemon(true);
    applier.start();
  }

  /**
   * A ledger for {@code config}: keeping as many records as its {@code USAGE_HISTORY} says
   * ({@value #DEFAULT_RECENT} when absent), counting from {@code started}.
   */
  public static UsageLedger forConfig(dev.ccr.config.CcrConfig config, Instant started) {
    return new UsageLedger(history(config), started);
  }

  /** {@code USAGE_HISTORY}, checked; a {@link dev.ccr.ConfigException} when it is not a whole number of at least 1. */
  public static int history(dev.ccr.config.CcrConfig config) {
    dev.ccr.json.JsonValue v = config.resolved().get("USAGE_HISTORY");
    if (v == null) return DEFAULT_RECENT;
    if (v instanceof dev.ccr.json.JsonNumber n && n.isIntegral() && n.longValue() >= 1 && n.longValue() <= 1_000_000) {
      return n.intValue();
    }
    throw new dev.ccr.ConfigException("USAGE_HISTORY must be a whole number from 1 to 1000000 (records kept for "
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
    done.await();
  }

  private void applyLoop() {
    while (!closed) {
      try {
        work.take().run();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("usage bookkeeping failed", e);
      }
    }
  }

  private void apply(UsageRecord r) {
    lock.lock();
    try {
      if (recent.size() == capacity) recent.removeFirst();
      recent.addLast(r);
      total.add(r);
      byRoute.computeIfAbsent(r.route(), k -> new Aggregate()).add(r);
      byProvider.computeIfAbsent(r.provider(), k -> new Aggregate()).add(r);
      byModel.computeIfAbsent(r.model(), k -> new Aggregate()).add(r);
      ArrayDeque<UsageRecord> latest = rolling.computeIfAbsent(r.route(), k -> new ArrayDeque<>());
      if (latest.size() == ROLLING) latest.removeFirst();
      latest.addLast(r);
      if (r.sessionId() != null) sessions.computeIfAbsent(r.sessionId(), k -> new Session()).add(r);
      if (r.cost() != null) {
        LocalDate day = LocalDate.ofInstant(r.time(), ZoneOffset.UTC);
        daily.merge(day, r.cost(), Double::sum);
        monthly.merge(YearMonth.from(day), r.cost(), Double::sum);
        while (daily.size() > 62) daily.remove(daily.keySet().iterator().next());
        while (monthly.size() > 24) monthly.remove(monthly.keySet().iterator().next());
      }
    } finally {
      lock.unlock();
    }
    for (UsageFeed f : feeds) f.offer(r);
  }

  /** The latest records, newest first, at most {@code limit}. */
  public List<UsageRecord> recent(int limit) {
    lock.lock();
    try {
      List<UsageRecord> out = new ArrayList<>(Math.min(limit, recent.size()));
      for (Iterator<UsageRecord> it = recent.descendingIterator(); it.hasNext() && out.size() < limit; ) out.add(it.next());
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** How many records the ring keeps. */
  public int capacity() {
    return capacity;
  }

  /** Sums over every exchange since the start. */
  public Totals total() {
    return read(() -> total.totals());
  }

  /** Sums by {@code provider,model}. */
  public Map<String, Totals> byRoute() {
    return snapshot(byRoute, Function.identity());
  }

  public Map<String, Totals> byProvider() {
    return snapshot(byProvider, Function.identity());
  }

  public Map<String, Totals> byModel() {
    return snapshot(byModel, Function.identity());
  }

  /** Sums by session id (the most recently active sessions, up to ten thousand). */
  public Map<String, Totals> bySession() {
    return snapshot(sessions, s -> s.aggregate);
  }

  /** One session's latest exchange and sums; empty when the ledger has not seen it. */
  public Optional<SessionUsage> session(String sessionId) {
    return read(() -> {
      Session s = sessions.get(sessionId);
      return s == null ? Optional.empty() : Optional.of(new SessionUsage(sessionId, s.last, s.aggregate.totals()));
    });
  }

  /** The p-th percentile of the latest latencies of {@code route} ({@code provider,model}); -1 without samples. */
  public long latencyPercentile(String route, double p) {
    return read(() -> {
      Aggregate a = byRoute.get(route);
      return a == null ? -1L : a.latencyPercentile(p);
    });
  }

  /** The latest records of {@code route} ({@code provider,model}), oldest first, at most {@link #ROLLING}. */
  public List<UsageRecord> rolling(String route) {
    return read(() -> {
      ArrayDeque<UsageRecord> latest = rolling.get(route);
      return latest == null ? List.<UsageRecord>of() : List.copyOf(latest);
    });
  }

  /**
   * True the first time it is asked with {@code key}, false after: so an alert goes out once per
   * threshold and period even when a reloaded config's router asks again.
   */
  public boolean firstTime(String key) {
    return read(() -> once.put(key, Boolean.TRUE) == null);
  }

  /** Spend on the UTC day of {@code when}. */
  public double spentOnDay(Instant when) {
    return read(() -> daily.getOrDefault(LocalDate.ofInstant(when, ZoneOffset.UTC), 0d));
  }

  /** Spend in the UTC month of {@code when}. */
  public double spentInMonth(Instant when) {
    return read(() -> monthly.getOrDefault(YearMonth.from(LocalDate.ofInstant(when, ZoneOffset.UTC)), 0d));
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
          UsageRecord r = f.poll(1, TimeUnit.SECONDS);
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
    return () -> {
      f.close();
      t.interrupt();
    };
  }

  @Override
  public void close() {
    closed = true;
    applier.interrupt();
    feeds.forEach(UsageFeed::close);
  }

  private <T> T read(java.util.function.Supplier<T> s) {
    lock.lock();
    try {
      return s.get();
    } finally {
      lock.unlock();
    }
  }

  private <V> Map<String, Totals> snapshot(Map<String, V> map, Function<V, Aggregate> aggregate) {
    return read(() -> {
      Map<String, Totals> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, aggregate.apply(v).totals()));
      return out;
    });
  }

  private static final class Session {
    final Aggregate aggregate = new Aggregate();
    UsageRecord last;

    void add(UsageRecord r) {
      aggregate.add(r);
      last = r;
    }
  }
}
