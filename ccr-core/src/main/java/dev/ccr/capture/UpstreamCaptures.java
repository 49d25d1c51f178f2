package dev.ccr.capture;

import dev.ccr.config.CcrConfig;
import dev.ccr.config.ProviderConfig;
import dev.ccr.internal.Redaction;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonBoolean;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.usage.UsageLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last few upstream calls as they went over the wire, for the web UI's Live page: each
 * translated request and the provider's reply, bodies cut at {@link #BODY_CAP} bytes (a stream's
 * first events only: never a whole stream). Bounded to {@link #DEFAULT_CAPACITY} calls, the oldest
 * dropped first; some 13 MB at most. Secrets are taken out when a call is shown ({@link UpstreamCapture#toJson}), not
 * when it is kept. On unless the config says {@code "UPSTREAM_CAPTURE": false}.
 */
public final class UpstreamCaptures {
  public static final int DEFAULT_CAPACITY = 100;
  public static final int BODY_CAP = 64 * 1024;
  /** The config key that turns capturing off. */
  public static final String CONFIG_KEY = "UPSTREAM_CAPTURE";

  private final int capacity;
  private final int bodyCap;
  /**
   * A ring written without a lock: every request passes here (a lock was 3% of CPU at concurrency
   * 32). Each slot holds its call's sequence number, so a writer that was slow between taking its
   * number and storing never replaces a newer call.
   */
  private final AtomicReferenceArray<Slot> calls;
  private final AtomicLong written = new AtomicLong();

  private record Slot(long sequence, UpstreamCapture call) {}

  private record Known(ProviderConfig provider, List<String> secrets) {}

  private volatile Known lastProvider;

  public UpstreamCaptures(int capacity, int bodyCap) {
    if (capacity < 1 || bodyCap < 1) throw new IllegalArgumentException("capacity and bodyCap must be at least 1");
    this.capacity = capacity;
    this.bodyCap = bodyCap;
    this.calls = new AtomicReferenceArray<>(capacity);
  }

  /**
   * The default ring kept with {@code ledger}, so a router built for a reloaded config on the same
   * ledger goes on showing the calls made before; null when {@code UPSTREAM_CAPTURE} is {@code false}.
   */
  public static UpstreamCaptures forConfig(CcrConfig config, UsageLedger ledger) {
    if (!enabled(config)) return null;
    return ledger.keep(UpstreamCaptures.class.getName(), UpstreamCaptures.class,
        () -> new UpstreamCaptures(DEFAULT_CAPACITY, BODY_CAP));
  }

  static boolean enabled(CcrConfig config) {
    JsonValue v = config.resolved().get(CONFIG_KEY); // true or false, or the same as a string (the parser checked it)
    return !(v instanceof JsonBoolean b && !b.value() || v instanceof JsonString s && s.value().equals("false"));
  }

  /**
   * Starts keeping one call of the exchange {@code requestId}: its request as sent, {@code secrets}
   * being the values (keys, secret headers) that must never be shown, wherever they turn up.
   */
  public UpstreamCapture start(String requestId, String provider, String model, Instant time, String method, String url,
      Map<String, String> headers, byte[] body, List<String> secrets) {
    return keep(new UpstreamCapture(requestId, provider, model, time, method, url, new LinkedHashMap<>(headers), bodyCap,
        secrets), body);
  }

  /** {@code call}, with its request body, in the ring; {@code call} owns the headers map it was given. */
  private UpstreamCapture keep(UpstreamCapture call, byte[] body) {
    call.requestBody(body, 0, body == null ? 0 : body.length);
    long sequence = written.getAndIncrement();
    int i = (int) (sequence % capacity);
    Slot next = new Slot(sequence, call);
    while (true) {
      Slot now = calls.get(i);
      if (now != null && now.sequence() > sequence) break; // already replaced by a newer call
      if (calls.compareAndSet(i, now, next)) break;
    }
    return call;
  }

  /**
   * Starts keeping {@code request}, about to be sent to {@code provider} with a body of
   * {@code bodyLength} bytes whose first are {@code head} (at most {@link #bodyCap}: callers copy no
   * more of a large body): the values never to be shown are its keys, the values of its
   * {@code headers} entry and of every secret-named header of the request.
   */
  public UpstreamCapture start(String requestId, ProviderConfig provider, String providerName, String model, Instant time,
      okhttp3.Request request, byte[] head, long bodyLength) {
    Map<String, String> sent = new LinkedHashMap<>();
    for (String name : request.headers().names()) sent.put(name, String.join(", ", request.headers(name)));
    List<String> secrets = new ArrayList<>();
    if (provider != null) {
      Known known = lastProvider; // worked out once per provider entry, not per call
      if (known == null || known.provider() != provider) lastProvider = known = new Known(provider, secretsOf(provider));
      secrets.addAll(known.secrets());
    }
    sent.forEach((name, value) -> {
      if (Redaction.isSecretName(name)) {
        secrets.add(value);
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) secrets.add(value.substring(7).trim());
      }
    });
    // sent is this call's own map: kept as it is, not copied again.
    UpstreamCapture capture = keep(new UpstreamCapture(requestId, providerName, model, time, request.method(),
        request.url().toString(), sent, bodyCap, secrets), head);
    capture.requestSkipped(bodyLength - head.length);
    return capture;
  }

  /**
   * The values of {@code provider}'s entry never to be shown: its keys, its {@code headers} entry's
   * values, and every string under a secret-sounding name anywhere in it (a transformer's or plug-in's
   * {@code apiKey} option, say).
   */
  static List<String> secretsOf(ProviderConfig provider) {
    List<String> out = new ArrayList<>(provider.apiKeys());
    JsonObject extra = provider.raw().getObject("headers");
    if (extra != null) extra.members().values().forEach(v -> out.add(v.asString() != null ? v.asString() : v.toJson()));
    secretNamed(provider.raw(), false, out);
    return List.copyOf(out);
  }

  private static void secretNamed(JsonValue v, boolean underSecretName, List<String> out) {
    if (v instanceof JsonObject o) {
      o.members().forEach((name, member) -> secretNamed(member, underSecretName || Redaction.isSecretName(name), out));
    } else if (v instanceof JsonArray a) {
      for (JsonValue e : a.elements()) secretNamed(e, underSecretName, out);
    } else if (underSecretName && v instanceof JsonString s) {
      out.add(s.value());
    }
  }

  /** The calls kept for {@code requestId} (several when it was retried or fell back), oldest first. */
  public List<UpstreamCapture> find(String requestId) {
    List<Slot> found = new ArrayList<>();
    for (int i = 0; i < capacity; i++) {
      Slot s = calls.get(i);
      if (s != null && s.call().requestId().equals(requestId)) found.add(s);
    }
    found.sort(java.util.Comparator.comparingLong(Slot::sequence)); // oldest first
    List<UpstreamCapture> out = new ArrayList<>(found.size());
    for (Slot s : found) out.add(s.call());
    return out;
  }

  /** How many bytes of each body are kept. */
  public int bodyCap() {
    return bodyCap;
  }

  /** The calls of {@code requestId} as JSON, secrets taken out; empty when none is kept (any more). */
  public Optional<JsonArray> show(String requestId) {
    List<UpstreamCapture> found = find(requestId);
    if (found.isEmpty()) return Optional.empty();
    return Optional.of(JsonArray.of(found.stream().<JsonValue>map(UpstreamCapture::toJson).toList()));
  }

  /** How many calls are kept now. */
  public int size() {
    return (int) Math.min(written.get(), capacity);
  }
}
