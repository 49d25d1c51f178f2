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
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the ledger knows, read and written under one lock: the latest records, sums by route,
 * provider, model and session, each route's latest records for rolling figures, spend per UTC day
 * and month, and the keys already alerted on. Every map is bounded: a provider without a {@code
 * models} list passes on whatever model names clients choose, so past {@link #KEYS} distinct
 * providers or models the rest are summed as {@link #OTHER} (routes as {@code provider,other}), and
 * only the latest {@link #SESSIONS} sessions are kept. {@code /metrics} labels follow these keys.
 */
final class Figures {
  static final int SESSIONS = 10_000;
  static final int KEYS = 200;
  static final String OTHER = "other";

  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
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
  private final Map<String, Boolean> once = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > 10_000;
    }
  };
  private final Map<LocalDate, Double> daily = new TreeMap<>();
  private final Map<YearMonth, Double> monthly = new TreeMap<>();

  Figures(int capacity) {
    this.capacity = capacity;
    this.recent = new ArrayDeque<>(Math.min(capacity, 4096));
  }

  int capacity() {
    return capacity;
  }

  void add(UsageRecord r) {
    lock.lock();
    try {
      if (recent.size() == capacity) recent.removeFirst();
      recent.addLast(r);
      total.add(r);
      String provider = bounded(byProvider, r.provider());
      String route = bounded(byRoute, r.route(), provider + "," + OTHER); // at most KEYS + one per provider
      byRoute.computeIfAbsent(route, k -> new Aggregate()).add(r);
      byProvider.computeIfAbsent(provider, k -> new Aggregate()).add(r);
      byModel.computeIfAbsent(bounded(byModel, r.model()), k -> new Aggregate()).add(r);
      if (r.sessionId() != null) sessions.computeIfAbsent(r.sessionId(), k -> new Session()).add(r);
      if (!r.cached()) { // a replayed answer says nothing of the route's health
        // A watched route asked for by rolling() keeps its own records even past the cap.
        ArrayDeque<UsageRecord> latest = rolling.containsKey(r.route()) ? rolling.get(r.route())
            : rolling.computeIfAbsent(route, k -> new ArrayDeque<>());
        if (latest.size() == UsageLedger.ROLLING) latest.removeFirst();
        latest.addLast(r);
      }
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
  }

  /** {@code key} when {@code map} has it or room for it, else {@link #OTHER}. */
  private static String bounded(Map<String, ?> map, String key) {
    return bounded(map, key, OTHER);
  }

  private static String bounded(Map<String, ?> map, String key, String other) {
    return map.containsKey(key) || map.size() < KEYS ? key : other;
  }

  List<UsageRecord> recent(int limit) {
    return read(() -> {
      List<UsageRecord> out = new ArrayList<>(Math.min(limit, recent.size()));
      for (Iterator<UsageRecord> it = recent.descendingIterator(); it.hasNext() && out.size() < limit; ) out.add(it.next());
      return out;
    });
  }

  Totals total() {
    return read(total::totals);
  }

  Map<String, Totals> byRoute() {
    return snapshot(byRoute, Function.identity());
  }

  Map<String, Totals> byProvider() {
    return snapshot(byProvider, Function.identity());
  }

  Map<String, Totals> byModel() {
    return snapshot(byModel, Function.identity());
  }

  Map<String, Totals> bySession() {
    return snapshot(sessions, s -> s.aggregate);
  }

  Optional<SessionUsage> session(String sessionId) {
    return read(() -> {
      Session s = sessions.get(sessionId);
      return s == null ? Optional.empty() : Optional.of(new SessionUsage(sessionId, s.last, s.aggregate.totals()));
    });
  }

  List<UsageRecord> rolling(String route) {
    return read(() -> {
      ArrayDeque<UsageRecord> latest = rolling.get(route);
      // Monitoring asks for the routes it watches (config's, so few): they keep their own window from now on.
      if (latest == null && rolling.size() < 3 * KEYS) rolling.put(route, new ArrayDeque<>());
      return latest == null ? List.<UsageRecord>of() : List.copyOf(latest);
    });
  }

  boolean firstTime(String key) {
    return read(() -> once.put(key, Boolean.TRUE) == null);
  }

  double spentOnDay(Instant when) {
    return read(() -> daily.getOrDefault(LocalDate.ofInstant(when, ZoneOffset.UTC), 0d));
  }

  double spentInMonth(Instant when) {
    return read(() -> monthly.getOrDefault(YearMonth.from(LocalDate.ofInstant(when, ZoneOffset.UTC)), 0d));
  }

  private <T> T read(Supplier<T> s) {
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
