package dev.ccr.cache;

import dev.ccr.ConfigException;
import dev.ccr.EventStream;
import dev.ccr.Reply;
import dev.ccr.config.CcrConfig;
import dev.ccr.config.ProviderConfig;
import dev.ccr.json.Json;
import dev.ccr.json.JsonBoolean;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessageAccumulator;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.model.Usage;
import dev.ccr.model.UsageTally;
import dev.ccr.routing.Route;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * {@code "caching": {"enabled": true, "ttl": 3600, "maxCacheSize": "500MB", "maxEntrySize": "4MB",
 * "cacheStrategy": "exact"}}: the same request along the same route gets the answer it got before, replayed (a
 * stream event for event) without calling the provider. With {@code "semantic-similarity"} a request
 * without tools that differs only in its last user text is also answered when that text's embedding
 * is close enough to an earlier one's ({@link SemanticIndex}, {@link SemanticSettings}). The key is the route and the request with
 * its {@code metadata} and every {@code cache_control} hint left out, object members in sorted
 * order, scoped to the client, user, Anthropic headers, provider entry and preset ({@link #keyFor}). Requests carrying {@code tool_result}s
 * are not cached unless {@code "cacheToolResults": true}. Off by default; only whole, successful
 * answers are kept.
 */
public final class ResponseCache implements AutoCloseable {
  private static final ResponseCache OFF = new ResponseCache(false, Duration.ZERO, false, 0, null, new CacheCounters(), null, null);

  private final boolean enabled;
  private final Duration ttl;
  private final boolean toolResults;
  private final long maxEntryBytes;
  private final CacheStore store;
  private final AtomicLong hits;
  private final AtomicLong misses;
  private final AtomicLong tokensSaved;
  private final CacheCounters counters;
  private final SemanticIndex semantic; // null unless cacheStrategy is semantic-similarity
  private final AutoCloseable embeddings;

  private ResponseCache(boolean enabled, Duration ttl, boolean toolResults, long maxEntryBytes, CacheStore store,
      CacheCounters counters, SemanticSettings semantic, String proxyUrl) {
    this.enabled = enabled;
    this.ttl = ttl;
    this.toolResults = toolResults;
    this.maxEntryBytes = maxEntryBytes;
    this.store = store;
    this.hits = counters.hits;
    this.misses = counters.misses;
    this.tokensSaved = counters.tokensSaved;
    this.counters = counters;
    OpenAiEmbeddings e = semantic == null ? null
        : new OpenAiEmbeddings(semantic.url(), semantic.model(), semantic.apiKey(), semantic.timeout(), proxyUrl);
    this.embeddings = e;
    this.semantic = e == null ? null : new SemanticIndex(store, e, semantic.threshold(), semantic.perContext(), ttl, counters);
  }

  /**
   * The cache {@code config} asks for, in {@code shared} when given (the instances' common store),
   * else in memory within {@code maxCacheSize}; a {@link ConfigException} naming what is wrong.
   */
  public static ResponseCache of(CcrConfig config, CacheStore shared, java.util.function.Supplier<java.time.Instant> clock) {
    return of(config, shared, null, clock);
  }

  /**
   * As above, counting in {@code counters} when given (a host's, kept across reloads). A shared
   * {@link MemoryCacheStore} is bounded to this config's {@code maxCacheSize}.
   */
  public static ResponseCache of(CcrConfig config, CacheStore shared, CacheCounters counters,
      java.util.function.Supplier<java.time.Instant> clock) {
    JsonObject c = config.resolved().getObject("caching");
    if (c == null || !(c.get("enabled") instanceof JsonBoolean b) || !b.value()) return OFF;
    List<String> problems = new ArrayList<>();
    long ttlSeconds = 3600;
    if (c.get("ttl") != null) {
      if (c.get("ttl") instanceof JsonNumber n && n.isIntegral() && n.longValue() > 0) ttlSeconds = n.longValue();
      else problems.add("caching.ttl must be a whole number of seconds above 0, not " + c.get("ttl").toJson());
    }
    long maxBytes = 100L << 20;
    if (c.get("maxCacheSize") != null) {
      maxBytes = size(c.get("maxCacheSize"));
      if (maxBytes <= 0) problems.add("caching.maxCacheSize must be a size such as \"500MB\", not " + c.get("maxCacheSize").toJson());
    }
    long maxEntry = Math.min(4L << 20, maxBytes);
    if (c.get("maxEntrySize") != null) {
      maxEntry = size(c.get("maxEntrySize"));
      if (maxEntry <= 0) problems.add("caching.maxEntrySize must be a size such as \"1MB\", not " + c.get("maxEntrySize").toJson());
    }
    String strategy = c.getString("cacheStrategy");
    SemanticSettings semantic = null;
    if ("semantic-similarity".equals(strategy)) {
      semantic = SemanticSettings.parse(c, config, problems);
    } else if (strategy != null && !strategy.equals("exact")) {
      problems.add("caching.cacheStrategy \"" + strategy + "\" is not known; use \"exact\" or \"semantic-similarity\"");
    }
    if (!problems.isEmpty()) throw new ConfigException(problems);
    boolean toolResults = c.get("cacheToolResults") instanceof JsonBoolean t && t.value();
    if (shared instanceof MemoryCacheStore m) m.bound(maxBytes);
    return new ResponseCache(true, Duration.ofSeconds(ttlSeconds), toolResults, maxEntry,
        shared != null ? shared : new MemoryCacheStore(maxBytes, clock), counters != null ? counters : new CacheCounters(),
        semantic, config.proxyUrl());
  }

  /** "500MB", "2GB", "64KB" or a number of bytes; -1 when it is none of these. */
  static long size(JsonValue v) {
    if (v instanceof JsonNumber n && n.isIntegral()) return n.longValue();
    String s = v.asString();
    if (s == null) return -1;
    s = s.trim().toUpperCase(java.util.Locale.ROOT);
    long unit = 1;
    for (String[] u : new String[][] {{"GB", "1073741824"}, {"MB", "1048576"}, {"KB", "1024"}, {"B", "1"}}) {
      if (s.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        s = s.substring(0, s.length() - u[0].length()).trim();
        break;
      }
    }
    try {
      return Long.parseLong(s) * unit;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * The key {@code request} along {@code route} is cached under; null when it is not to be cached.
   * Besides the request (less {@code metadata} and hints) it holds who asks and what answers: a hash
   * of the client's key ({@link #CLIENT_KEY}), {@code metadata.user_id} when given, the {@code
   * anthropic-beta}/{@code anthropic-version} values, a digest of {@code provider}'s entry (URL,
   * transformer chain and options, keys), and the preset ({@link #PRESET}) as a namespace. So two
   * clients or users never share an answer, and a changed provider entry misses.
   */
  public String keyFor(MessagesRequest request, Route route, Map<String, String> clientHeaders, ProviderConfig provider) {
    Lookup l = lookupFor(request, route, clientHeaders, provider);
    return l == null ? null : l.exactKey;
  }

  /**
   * The cache's view of {@code request} along {@code route}: its exact key and, in semantic mode for
   * a request without tools whose last turn is the user's text, its context key (the same scope and
   * request with that text left out) and the text; null when the request is not to be cached.
   */
  public Lookup lookupFor(MessagesRequest request, Route route, Map<String, String> clientHeaders, ProviderConfig provider) {
    if (!enabled) return null;
    if (!toolResults && RequestScope.carriesToolResults(request)) return null;
    Map<String, JsonValue> members = RequestScope.of(request, route, clientHeaders, provider);
    String preset = clientHeaders.get(PRESET);
    String namespace = preset == null ? "" : "preset/" + preset + ":";
    String exact = RequestScope.key("exact:" + namespace, members);
    if (semantic == null || (request.tools() != null && !request.tools().isEmpty())) return new Lookup(exact, null, null);
    String text = LastUserText.of(members.get("messages"));
    if (text == null || text.isBlank()) return new Lookup(exact, null, null);
    members.put("messages", LastUserText.blanked(members.get("messages")));
    return new Lookup(exact, RequestScope.key("semantic:" + namespace, members), text);
  }

  /**
   * One cacheable request: {@link #hit} looks for its answer (the same request first, then in
   * semantic mode a similar last user text), {@link #record} keeps the answer it gets otherwise.
   */
  public final class Lookup {
    private final String exactKey;
    private final String contextKey;
    private final String text;
    private float[] vector;

    private Lookup(String exactKey, String contextKey, String text) {
      this.exactKey = exactKey;
      this.contextKey = contextKey;
      this.text = text;
    }

    /** The answer kept for this request or, in semantic mode, for a similar one; null (a miss, counted) when none. */
    public Reply hit() {
      Reply r = replay(exactKey);
      if (r == null && contextKey != null) {
        vector = semantic.embed(text);
        String similar = vector == null ? null : semantic.nearest(contextKey, vector);
        r = similar == null ? null : replay(similar);
        if (r != null) counters.semanticHits.incrementAndGet();
      }
      if (r == null) misses.incrementAndGet();
      else hits.incrementAndGet();
      return r;
    }

    /** {@code reply}, kept once whole (see {@link ResponseCache#record}); in semantic mode its text's embedding too. */
    public Reply record(Reply reply) {
      float[] v = vector;
      return ResponseCache.this.record(exactKey, reply, v == null ? () -> {} : () -> semantic.add(contextKey, v, exactKey));
    }
  }

  /** ccr's own entry of a router's client headers: the key the client authenticated with, for the cache key only. */
  public static final String CLIENT_KEY = "ccr-client-key";
  /** ccr's own entry of a router's client headers: the preset a request is served by, the cache's namespace. */
  public static final String PRESET = "ccr-preset";

  /** {@code clientHeaders} without ccr's own cache-scope entries: what may go on towards a provider. */
  public static Map<String, String> withoutScope(Map<String, String> clientHeaders) {
    if (!clientHeaders.containsKey(CLIENT_KEY) && !clientHeaders.containsKey(PRESET)) return clientHeaders;
    Map<String, String> out = new LinkedHashMap<>(clientHeaders);
    out.remove(CLIENT_KEY);
    out.remove(PRESET);
    return out;
  }


  /** The answer kept under {@code key}, as the reply it was; null (a miss, counted) when there is none. */
  public Reply lookup(String key) {
    if (key == null) return null;
    Reply r = replay(key);
    if (r == null) misses.incrementAndGet();
    else hits.incrementAndGet();
    return r;
  }

  /** The answer kept under {@code key}, its tokens counted as saved; null when there is none. */
  private Reply replay(String key) {
    byte[] raw = store.get(key);
    JsonObject entry = raw == null ? null : parse(raw);
    if (entry == null) return null;
    JsonValue message = entry.get("message");
    if (message != null) {
      MessagesResponse response = AnthropicJson.response(message);
      tokensSaved.addAndGet(tokens(response.usage()));
      return new Reply.Message(response);
    }
    List<StreamEvent> events = new ArrayList<>();
    for (JsonValue e : entry.getArray("events").elements()) events.add(AnthropicJson.event(e));
    UsageTally tally = new UsageTally();
    EventStream<StreamEvent> stream = EventStream.of(events.iterator(), () -> {}).map(e -> {
      tally.accept(e);
      return e;
    });
    Reply.Events reply = new Reply.Events(stream, tally);
    MessageAccumulator acc = new MessageAccumulator();
    events.forEach(acc::accept);
    tokensSaved.addAndGet(tokens(acc.message().usage()));
    return reply;
  }

  private static JsonObject parse(byte[] raw) {
    try {
      return Json.parse(new String(raw, StandardCharsets.UTF_8)) instanceof JsonObject o
          && (o.get("message") != null || o.getArray("events") != null) ? o : null;
    } catch (RuntimeException e) {
      return null; // not one of ours, or cut short: a miss
    }
  }

  private static long tokens(Usage u) {
    return u == null ? 0 : (long) u.inputTotal() + u.outputTokens();
  }

  /**
   * {@code reply} as it goes to the client, kept under {@code key} once whole: a message at once, a
   * stream when it ends with {@code message_stop} and no error. Forwarded bytes are not kept.
   */
  public Reply record(String key, Reply reply) {
    return record(key, reply, () -> {});
  }

  /** As above, running {@code kept} once the answer is kept. */
  private Reply record(String key, Reply reply, Runnable kept) {
    if (key == null) return reply;
    if (reply instanceof Reply.Message m) {
      if (put(key, "{\"message\":" + AnthropicJson.write(m.message()) + "}")) kept.run();
      return reply;
    }
    if (reply instanceof Reply.Events e) {
      List<String> seen = new ArrayList<>();
      boolean[] dropped = {false}; // failed, or over maxEntrySize: not kept, and no longer held
      long[] size = {0};
      Function<StreamEvent, StreamEvent> keep = ev -> {
        if (dropped[0]) return ev;
        String json = AnthropicJson.write(ev);
        size[0] += json.length() + 1;
        if (ev instanceof StreamEvent.Error || size[0] > maxEntryBytes) {
          dropped[0] = true;
          seen.clear();
          return ev;
        }
        seen.add(json);
        if (ev instanceof StreamEvent.MessageStop && put(key, "{\"events\":[" + String.join(",", seen) + "]}")) kept.run();
        return ev;
      };
      return new Reply.Events(e.events().map(keep), e.tally());
    }
    return reply;
  }

  /** False when the entry is too big to keep. */
  private boolean put(String key, String entry) {
    byte[] bytes = entry.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxEntryBytes) return false; // one huge answer would crowd out many (Redis has no bound of ccr's)
    store.put(key, bytes, ttl);
    return true;
  }

  public CacheStats stats() {
    String strategy = !enabled ? "off" : semantic != null ? "semantic-similarity" : "exact";
    return new CacheStats(enabled, strategy, hits.get(), misses.get(), enabled ? store.bytes() : 0,
        tokensSaved.get(), counters.semanticHits.get(), counters.embeddingCalls.get(), counters.embeddingFailures.get());
  }

  /** Closes the embeddings client, if any; the store is the host's. */
  @Override
  public void close() {
    try {
      if (embeddings != null) embeddings.close();
    } catch (Exception e) {
      // closing an HTTP client's pool does not fail
    }
  }
}
