package dev.ccr.cache;

import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The semantic cache's candidates: per context key (everything of a request but its last user
 * text), the embeddings of the last user texts answered so far, each with the exact key its answer
 * is kept under. The list lives in the same {@link CacheStore} as the answers, as one value per
 * context key with the cache's TTL, so it is in Redis when the answers are and within the memory
 * store's byte bound otherwise; at most {@code perContext} candidates, newest first. Two instances
 * adding at once may lose one candidate: a later miss, never a wrong answer.
 */
final class SemanticIndex {
  private static final Logger log = LoggerFactory.getLogger(SemanticIndex.class);

  private final CacheStore store;
  private final Embedder embedder;
  private final double threshold;
  private final int perContext;
  private final Duration ttl;
  private final CacheCounters counters;
  private final AtomicBoolean failing = new AtomicBoolean();
  /** After a failed call, no call until then (System.nanoTime): a host that is down costs a timeout once, not per request. */
  private volatile long quietUntil;
  private final java.util.function.LongSupplier nanoTime;
  static final Duration COOL_OFF = Duration.ofSeconds(30);

  SemanticIndex(CacheStore store, Embedder embedder, double threshold, int perContext, Duration ttl, CacheCounters counters) {
    this(store, embedder, threshold, perContext, ttl, counters, System::nanoTime);
  }

  SemanticIndex(CacheStore store, Embedder embedder, double threshold, int perContext, Duration ttl, CacheCounters counters,
      java.util.function.LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.store = store;
    this.embedder = embedder;
    this.threshold = threshold;
    this.perContext = perContext;
    this.ttl = ttl;
    this.counters = counters;
  }

  /** {@code text}'s embedding; null when the embeddings call failed (logged once until it works again). */
  float[] embed(String text) {
    if (failing.get() && nanoTime.getAsLong() - quietUntil < 0) return null; // cooling off: uncached, at once
    counters.embeddingCalls.incrementAndGet();
    try {
      float[] v = embedder.embed(text);
      if (failing.compareAndSet(true, false)) log.info("the semantic cache's embeddings answer again");
      return v;
    } catch (IOException | RuntimeException e) {
      counters.embeddingFailures.incrementAndGet();
      quietUntil = nanoTime.getAsLong() + COOL_OFF.toNanos();
      if (failing.compareAndSet(false, true)) {
        // The message only: it never holds the key, which travels in a header.
        log.warn("the semantic cache's embeddings call failed ({}); requests go on uncached, and the next try is in {} s",
            e.getMessage(), COOL_OFF.toSeconds());
      }
      return null;
    }
  }

  /** The exact key of the closest candidate under {@code contextKey} at or above the threshold; null when none. */
  String nearest(String contextKey, float[] vector) {
    String best = null;
    double bestScore = threshold;
    for (Candidate c : candidates(contextKey)) {
      double score = cosine(vector, c.vector);
      if (score >= bestScore) {
        best = c.exactKey;
        bestScore = score;
      }
    }
    return best;
  }

  /** Adds {@code vector} as a candidate under {@code contextKey}, its answer under {@code exactKey}; the oldest beyond the bound go. */
  void add(String contextKey, float[] vector, String exactKey) {
    List<JsonValue> out = new ArrayList<>();
    out.add(JsonObject.builder().put("k", exactKey).put("v", encode(vector)).build());
    for (Candidate c : candidates(contextKey)) {
      if (out.size() >= perContext) break;
      if (!c.exactKey.equals(exactKey)) out.add(JsonObject.builder().put("k", c.exactKey).put("v", encode(c.vector)).build());
    }
    String value = Json.write(JsonObject.builder().put("candidates", JsonArray.of(out)).build());
    store.put(contextKey, value.getBytes(StandardCharsets.UTF_8), ttl);
  }

  private record Candidate(String exactKey, float[] vector) {}

  private List<Candidate> candidates(String contextKey) {
    byte[] raw = store.get(contextKey);
    List<Candidate> out = new ArrayList<>();
    if (raw == null) return out;
    try {
      JsonArray list = ((JsonObject) Json.parse(new String(raw, StandardCharsets.UTF_8))).getArray("candidates");
      for (JsonValue v : list.elements()) {
        JsonObject o = (JsonObject) v;
        if (o.get("k") instanceof JsonString k && o.get("v") instanceof JsonString vec) {
          out.add(new Candidate(k.value(), decode(vec.value())));
        }
      }
    } catch (RuntimeException e) {
      return new ArrayList<>(); // not one of ours, or cut short: no candidates
    }
    return out;
  }

  static double cosine(float[] a, float[] b) {
    if (a.length != b.length || a.length == 0) return -1; // another model's vectors: never similar
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? -1 : dot / (Math.sqrt(na) * Math.sqrt(nb));
  }

  private static String encode(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4);
    for (float f : v) b.putFloat(f);
    return Base64.getEncoder().encodeToString(b.array());
  }

  private static float[] decode(String s) {
    ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(s));
    float[] v = new float[b.remaining() / 4];
    for (int i = 0; i < v.length; i++) v[i] = b.getFloat();
    return v;
  }
}
