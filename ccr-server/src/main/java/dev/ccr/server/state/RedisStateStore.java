package dev.ccr.server.state;

import dev.ccr.state.Charge;
import dev.ccr.state.LocalStateStore;
import dev.ccr.state.StateStore;
import dev.ccr.state.UsageCounts;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State shared through Redis by every ccr instance pointed at it, over a {@link LocalStateStore}
 * that is always written too and answers whenever Redis cannot. The request path waits on Redis
 * only to read a session (at most {@link #BUDGET_MS}, then cached briefly) and to take a
 * rate-limit window (one atomic script, same budget); resting keys, open circuits and usage come
 * from a snapshot a background task refreshes every {@link #REFRESH_MS}, and every write is sent
 * without waiting. While Redis is down nothing waits on it at all.
 *
 * <p>It is the response cache's store too when {@code caching} is on: an answer one instance got is
 * replayed by all (a read within the same budget; a miss when Redis cannot answer in time).
 *
 * <p>Usage is shared idempotently: each instance writes its own cumulative sums under its own id
 * (so a write lost or repeated while Redis comes and goes counts once), and readers add up the
 * instances.
 */
public final class RedisStateStore implements StateStore, dev.ccr.cache.CacheStore {
  private static final Logger log = LoggerFactory.getLogger(RedisStateStore.class);
  static final long BUDGET_MS = 250;
  static final long REFRESH_MS = 500;
  private static final long SESSION_CACHE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  /** Every window key and check in one step, all or none: at most the crossing request gets past a limit. */
  private static final String TAKE = """
      for i = 1, #KEYS do
        local used = tonumber(redis.call('GET', KEYS[i]) or '0')
        if used >= tonumber(ARGV[2 * i + 1]) then return 1 end
      end
      for i = 1, #KEYS do
        redis.call('INCRBY', KEYS[i], ARGV[2 * i])
        redis.call('PEXPIRE', KEYS[i], ARGV[1])
      end
      return 0
      """;

  private final RedisClient client;
  private final io.lettuce.core.resource.ClientResources resources;
  private final RedisURI uri;
  private final String prefix;
  private final Supplier<Instant> clock;
  private final Duration sessionTtl;
  private final LocalStateStore local;
  private final String instance = UUID.randomUUID().toString();
  private final ScheduledExecutorService timer;
  private final AtomicBoolean down = new AtomicBoolean();
  private final Map<String, CachedTurn> sessionCache = new ConcurrentHashMap<>();
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile Map<String, Instant> restingKeys = Map.of();
  private volatile Map<String, Instant> openCircuits = Map.of();
  private volatile Map<String, UsageCounts> mine = Map.of();
  private volatile Map<String, UsageCounts> combined = Map.of();
  private volatile boolean closed;
  private long connectBackoffMs = 100;

  /** A session's last turn as Redis said it lately; {@code tokens} -1 when Redis had none (ask the local store). */
  private record CachedTurn(int tokens, long at) {}

  RedisStateStore(RedisClient client, io.lettuce.core.resource.ClientResources resources, RedisURI uri, String prefix,
      Supplier<Instant> clock, Duration sessionTtl) {
    this.client = client;
    this.resources = resources;
    this.uri = uri;
    this.prefix = prefix;
    this.clock = clock;
    this.sessionTtl = sessionTtl;
    this.local = new LocalStateStore(clock, 10_000, sessionTtl);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ccr-state-redis");
      t.setDaemon(true);
      return t;
    });
    timer.execute(this::connect);
    timer.scheduleWithFixedDelay(this::refresh, REFRESH_MS, REFRESH_MS, TimeUnit.MILLISECONDS);
  }

  /** Where Redis is, for logs: host, port and database, never the password. */
  String where() {
    return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
  }

  /**
   * The first connection; once made, the client reconnects by itself (with a capped backoff). Until
   * then this keeps trying, backing off to two seconds.
   */
  private void connect() {
    if (closed || connection != null) return;
    try {
      connection = client.connect(uri);
      refresh();
    } catch (RuntimeException e) {
      unreachable(e);
      connectBackoffMs = Math.min(2_000, connectBackoffMs * 2);
      if (!closed) timer.schedule(this::connect, connectBackoffMs, TimeUnit.MILLISECONDS);
    }
  }

  /** True when Redis answered lately: the request path asks it only then. */
  boolean reachable() {
    return connection != null && connection.isOpen() && !down.get();
  }

  private void unreachable(Throwable e) {
    while ((e instanceof java.util.concurrent.ExecutionException || e instanceof java.util.concurrent.CompletionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (down.compareAndSet(false, true)) {
      log.warn("Redis at {} is unreachable ({}); serving from this instance's own state until it is back", where(),
          e.getClass().getSimpleName());
    }
  }

  private void reachableAgain() {
    if (down.compareAndSet(true, false)) log.info("Redis at {} is reachable again; state is shared again", where());
  }

  private String k(String kind, String id) {
    return prefix + kind + ":" + id;
  }

  /** Pulls the shared snapshot and pushes this instance's usage; the only place that notices Redis is back. */
  private void refresh() {
    StatefulRedisConnection<String, String> c = connection;
    if (closed || c == null) return;
    try {
      RedisAsyncCommands<String, String> redis = c.async();
      Map<String, UsageCounts> usage = mine;
      if (!usage.isEmpty()) {
        Map<String, String> encoded = new HashMap<>();
        usage.forEach((route, counts) -> encoded.put(route, counts.encode()));
        redis.hset(k("usage", instance), encoded);
        redis.sadd(prefix + "usage-instances", instance);
      }
      restingKeys = deadlines(await(redis.hgetall(prefix + "keys")), prefix + "keys");
      openCircuits = deadlines(await(redis.hgetall(prefix + "circuits")), prefix + "circuits");
      Map<String, UsageCounts> sum = new HashMap<>();
      for (String id : await(redis.smembers(prefix + "usage-instances"))) {
        await(redis.hgetall(k("usage", id))).forEach((route, v) ->
            sum.merge(route, UsageCounts.decode(v), UsageCounts::plus));
      }
      combined = Map.copyOf(sum);
      reachableAgain();
    } catch (Exception e) {
      unreachable(e);
    }
  }

  /** Deadlines still ahead; those passed are removed from Redis as they are found. */
  private Map<String, Instant> deadlines(Map<String, String> raw, String hash) {
    Instant now = clock.get();
    Map<String, Instant> out = new HashMap<>();
    raw.forEach((id, ms) -> {
      Instant until = parseInstant(ms);
      if (until != null && until.isAfter(now)) out.put(id, until);
      else if (until != null && until.isBefore(now.minusSeconds(3600))) connection.async().hdel(hash, id);
    });
    return Map.copyOf(out);
  }

  private static Instant parseInstant(String ms) {
    try {
      return Instant.ofEpochMilli(Long.parseLong(ms));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static <T> T await(io.lettuce.core.RedisFuture<T> f) throws Exception {
    return f.get(BUDGET_MS * 4, TimeUnit.MILLISECONDS); // the background task may wait longer than a request
  }

  /** Sends a write without waiting for it; a failure only marks Redis down. */
  private void send(java.util.function.Function<RedisAsyncCommands<String, String>, io.lettuce.core.RedisFuture<?>> w) {
    if (!reachable()) return;
    try {
      w.apply(connection.async()).whenComplete((r, e) -> {
        if (e != null) unreachable(e);
      });
    } catch (RuntimeException e) {
      unreachable(e);
    }
  }

  @Override
  public int lastInput(String sessionId) {
    if (sessionId == null) return 0;
    CachedTurn cached = sessionCache.get(sessionId);
    if (cached != null && System.nanoTime() - cached.at < SESSION_CACHE_NANOS) {
      return cached.tokens >= 0 ? cached.tokens : local.lastInput(sessionId);
    }
    if (reachable()) {
      try {
        // Routing asks more than once per request: one read serves them all, found or not.
        String v = connection.async().get(k("session", sessionId)).get(BUDGET_MS, TimeUnit.MILLISECONDS);
        int tokens = v == null ? -1 : Integer.parseInt(v);
        cache(sessionId, tokens);
        if (tokens >= 0) return tokens;
      } catch (Exception e) {
        unreachable(e);
      }
    }
    return local.lastInput(sessionId);
  }

  private void cache(String sessionId, int tokens) {
    if (sessionCache.size() > 10_000) sessionCache.clear(); // a cache, not a record: losing it costs a read
    sessionCache.put(sessionId, new CachedTurn(tokens, System.nanoTime()));
  }

  @Override
  public void recordInput(String sessionId, int inputTokens) {
    if (sessionId == null || inputTokens <= 0) return;
    local.recordInput(sessionId, inputTokens);
    cache(sessionId, inputTokens);
    send(r -> r.set(k("session", sessionId), Integer.toString(inputTokens), SetArgs.Builder.px(sessionTtl.toMillis())));
  }

  @Override
  public Instant keyRestsUntil(String keyId) {
    return later(local.keyRestsUntil(keyId), restingKeys.get(keyId));
  }

  @Override
  public void restKey(String keyId, Instant until) {
    local.restKey(keyId, until);
    send(r -> r.hset(prefix + "keys", keyId, Long.toString(until.toEpochMilli())));
  }

  @Override
  public Instant circuitOpenUntil(String target) {
    return later(local.circuitOpenUntil(target), openCircuits.get(target));
  }

  @Override
  public void openCircuit(String target, Instant until) {
    local.openCircuit(target, until);
    send(r -> r.hset(prefix + "circuits", target, Long.toString(until.toEpochMilli())));
  }

  @Override
  public void closeCircuit(String target) {
    local.closeCircuit(target);
    if (openCircuits.containsKey(target)) {
      Map<String, Instant> without = new HashMap<>(openCircuits);
      without.remove(target);
      openCircuits = Map.copyOf(without);
    }
    send(r -> r.hdel(prefix + "circuits", target));
  }

  private Instant later(Instant a, Instant b) {
    Instant now = clock.get();
    Instant out = a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    return out != null && out.isAfter(now) ? out : null;
  }

  @Override
  public void publishUsage(Map<String, UsageCounts> usage) {
    mine = Map.copyOf(usage); // written by the background task: the latest sums replace the earlier ones
    local.publishUsage(usage);
  }

  @Override
  public Map<String, UsageCounts> combinedUsage() {
    if (!reachable()) return local.combinedUsage(); // only this instance's figures are known for sure
    Map<String, UsageCounts> out = new HashMap<>(combined);
    // The snapshot may predate this instance's latest write: never show less than this instance alone has done.
    mine.forEach((route, counts) -> out.merge(route, counts, (all, own) -> own.requests() > all.requests() ? own : all));
    return out;
  }

  @Override
  public long take(List<Charge> charges, long windowMillis, Instant now) {
    if (charges.isEmpty()) return 0;
    long index = now.toEpochMilli() / windowMillis;
    long wait = (index + 1) * windowMillis - now.toEpochMilli();
    if (reachable()) {
      String[] keys = new String[charges.size()];
      String[] args = new String[1 + 2 * charges.size()];
      args[0] = Long.toString(windowMillis * 2);
      for (int i = 0; i < charges.size(); i++) {
        keys[i] = k("rate", charges.get(i).bucket() + ":" + index);
        args[1 + 2 * i] = Long.toString(charges.get(i).amount());
        args[2 + 2 * i] = Long.toString(charges.get(i).limit());
      }
      try {
        Long refused = connection.async().<Long>eval(TAKE, ScriptOutputType.INTEGER, keys, args)
            .get(BUDGET_MS, TimeUnit.MILLISECONDS);
        return refused == 0 ? 0 : wait;
      } catch (Exception e) {
        unreachable(e);
      }
    }
    return local.take(charges, windowMillis, now); // each instance alone holds the limit while Redis is away
  }

  @Override
  public byte[] get(String key) {
    if (!reachable()) return null;
    try {
      String v = connection.async().get(k("cache", key)).get(BUDGET_MS, TimeUnit.MILLISECONDS);
      return v == null ? null : v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } catch (Exception e) {
      unreachable(e);
      return null;
    }
  }

  @Override
  public void put(String key, byte[] value, Duration ttl) {
    String v = new String(value, java.nio.charset.StandardCharsets.UTF_8);
    send(r -> r.set(k("cache", key), v, SetArgs.Builder.px(ttl.toMillis())));
  }

  /** Redis holds the bytes; counting them would cost a scan. */
  @Override
  public long bytes() {
    return -1;
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) c.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
