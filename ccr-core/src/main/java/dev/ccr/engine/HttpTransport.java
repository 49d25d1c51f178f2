package dev.ccr.engine;

import dev.ccr.EventStream;
import dev.ccr.ProviderException;
import dev.ccr.json.Json;
import dev.ccr.capture.UpstreamCapture;
import dev.ccr.capture.UpstreamCaptures;
import dev.ccr.config.ProviderConfig;
import dev.ccr.json.JsonParseException;
import dev.ccr.spi.UpstreamEvent;
import dev.ccr.spi.UpstreamReply;
import dev.ccr.spi.UpstreamRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Sends upstream requests with OkHttp and reads the replies as JSON or as event streams. */
final class HttpTransport implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final long MAX_ERROR_BODY = 1 << 20;
  /** Idle upstream connections kept per client: enough for a busy gateway's concurrency. */
  static final int IDLE_CONNECTIONS = 256;

  private final OkHttpClient client;
  /** Where calls are kept for the Live page; null when capturing is off. */
  private final UpstreamCaptures captures;
  private final Clock clock;
  /** Clients with a given read timeout, sharing the pool: building one per call is not free. */
  private final java.util.concurrent.ConcurrentHashMap<Long, OkHttpClient> withReadTimeout =
      new java.util.concurrent.ConcurrentHashMap<>();

  public HttpTransport(OkHttpClient client) {
    this(client, null, Clock.SYSTEM);
  }

  HttpTransport(OkHttpClient client, UpstreamCaptures captures, Clock clock) {
    this.client = client;
    this.captures = captures;
    this.clock = clock;
  }

  /**
   * Which exchange a call belongs to, and the provider whose keys must never be shown: a call with
   * an origin is kept in the captures (when on); one without (a provider test) is not.
   */
  record Origin(String requestId, ProviderConfig provider) {}

  /** A client for LLM calls: long read timeout (the gap between bytes, not the whole call), optional proxy. */
  public static OkHttpClient defaultClient(long readTimeoutMs, String proxyUrl) {
    return defaultClient(10_000, readTimeoutMs, proxyUrl);
  }

  public static OkHttpClient defaultClient(long connectTimeoutMs, long readTimeoutMs, String proxyUrl) {
    OkHttpClient.Builder b = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofMillis(connectTimeoutMs))
        .readTimeout(Duration.ofMillis(readTimeoutMs))
        .writeTimeout(Duration.ofSeconds(60))
        .callTimeout(Duration.ZERO)
        // OkHttp keeps 5 idle connections by default: under 32 concurrent requests the other 27 were
        // closed after each reply and dialled again for the next (a TCP connect per request).
        .connectionPool(new okhttp3.ConnectionPool(IDLE_CONNECTIONS, 5, java.util.concurrent.TimeUnit.MINUTES))
        .retryOnConnectionFailure(false); // ccr decides about retries itself
    if (proxyUrl != null) {
      URI u = URI.create(proxyUrl);
      int port = u.getPort() > 0 ? u.getPort() : ("https".equalsIgnoreCase(u.getScheme()) ? 443 : 80);
      b.proxy(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(u.getHost(), port)));
    }
    return b.build();
  }

  public OkHttpClient client() {
    return client;
  }

  /** Sends {@code request} with the default timeouts; an error status becomes a {@link ProviderException}. */
  public UpstreamReply send(UpstreamRequest request, String provider, String model) throws IOException {
    return send(request, provider, model, 0, 0);
  }

  /**
   * Sends {@code request}. {@code firstByteMs} bounds the wait for the reply and its first event,
   * {@code idleMs} each later gap in a stream (0 keeps the client's read timeout).
   */
  public UpstreamReply send(UpstreamRequest request, String provider, String model, long firstByteMs, long idleMs)
      throws IOException {
    return send(request, provider, model, firstByteMs, idleMs, null);
  }

  /** {@link #send(UpstreamRequest, String, String, long, long)}, kept in the captures as a call of {@code origin}. */
  UpstreamReply send(UpstreamRequest request, String provider, String model, long firstByteMs, long idleMs, Origin origin)
      throws IOException {
    Request.Builder rb = new Request.Builder().url(url(request.url()));
    request.headers().forEach(rb::header);
    if (request.stream()) rb.header("Accept", "text/event-stream");
    // Written whole first: a known Content-Length goes out in one write, where a chunked upload's
    // last chunk can wait 40 ms on Nagle and a delayed ACK, and some providers refuse chunked bodies.
    okio.Buffer json = new okio.Buffer();
    com.squareup.moshi.JsonWriter w = com.squareup.moshi.JsonWriter.of(json);
    w.setSerializeNulls(true);
    Json.write(w, request.body());
    w.flush();
    okio.ByteString bytes = json.readByteString();
    rb.post(RequestBody.create(bytes, JSON));
    OkHttpClient c = firstByteMs <= 0 ? client : withReadTimeout.computeIfAbsent(firstByteMs,
        ms -> client.newBuilder().readTimeout(Duration.ofMillis(ms)).build());
    Request built = rb.build();
    UpstreamCapture capture = null;
    if (capturing(origin)) {
      byte[] head = new byte[(int) Math.min(bytes.size(), captures.bodyCap())];
      bytes.copyInto(0, head, 0, head.length);
      capture = capture(origin, provider, model, built, head, bytes.size());
    }
    Call call = c.newCall(built);
    Response response = execute(call, provider, model, request.url(), capture);
    Map<String, List<String>> headers = headers(response);
    if (capture != null) capture.response(response.code(), headers);
    ResponseBody rbody = response.body();
    try {
      if (!response.isSuccessful()) {
        String text = rbody.source().request(MAX_ERROR_BODY) ? rbody.source().readUtf8(MAX_ERROR_BODY) : rbody.string();
        if (capture != null) {
          byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          capture.body(b, 0, b.length);
        }
        throw ProviderErrors.from(provider, model, response.code(), headers, text);
      }
      MediaType type = rbody.contentType();
      boolean sse = type != null && type.subtype().toLowerCase(Locale.ROOT).equals("event-stream");
      if (sse) {
        Runnable firstEvent = idleMs > 0
            ? () -> rbody.source().timeout().timeout(idleMs, java.util.concurrent.TimeUnit.MILLISECONDS) : () -> {};
        okio.BufferedSource source = capture == null ? rbody.source() : okio.Okio.buffer(capture.tee(rbody.source()));
        EventStream<UpstreamEvent> events = SseStreams.parse(source, provider, model, request.url(), firstEvent, ended -> {
          // A client that went away cancels the upstream call. A stream read to its end is only
          // closed: OkHttp then reads the last chunk marker and keeps the connection for the next call.
          if (!ended) call.cancel();
          rbody.close();
        });
        return new UpstreamReply.Events(response.code(), headers, events);
      }
      okio.Buffer raw = new okio.Buffer();
      try (rbody) {
        rbody.source().readAll(raw);
      }
      if (capture != null) {
        capture.body(raw, 0, raw.size());
      }
      try {
        return new UpstreamReply.Body(response.code(), headers, Json.parse(raw.peek())); // raw stays for the error
      } catch (JsonParseException e) {
        throw new ProviderException(provider, model, 502, provider + "," + model
            + " answered with a body that is not JSON: " + ProviderErrors.message(raw.readUtf8()), headers, e);
      }
    } catch (IOException | RuntimeException e) {
      response.close();
      if (e instanceof IOException io) throw unreachable(provider, model, request.url(), io);
      throw e;
    }
  }

  /** A provider's few URLs, parsed once: OkHttp's parse (IDN, canonical host) showed up per call in profiles. */
  private final java.util.concurrent.ConcurrentHashMap<String, okhttp3.HttpUrl> urls =
      new java.util.concurrent.ConcurrentHashMap<>();

  private okhttp3.HttpUrl url(String url) {
    okhttp3.HttpUrl parsed = urls.get(url);
    if (parsed != null) return parsed;
    parsed = okhttp3.HttpUrl.get(url); // throws IllegalArgumentException for a bad URL, as Request.Builder did
    if (urls.size() < 256) urls.put(url, parsed); // bounded: URLs with request-specific parts must not pile up
    return parsed;
  }

  /** Sends bytes as they are and hands back the reply unread, whatever its status. */
  public dev.ccr.ForwardedReply forward(UpstreamRequest.Raw request, String provider, String model) {
    return forward(request, provider, model, null);
  }

  /** {@link #forward(UpstreamRequest.Raw, String, String)}, kept in the captures as a call of {@code origin}. */
  dev.ccr.ForwardedReply forward(UpstreamRequest.Raw request, String provider, String model, Origin origin) {
    Request.Builder rb = new Request.Builder().url(url(request.url()));
    request.headers().forEach(rb::header);
    rb.post(RequestBody.create(request.body(), JSON));
    Request built = rb.build();
    UpstreamCapture capture = null;
    if (capturing(origin)) {
      byte[] body = request.body(); // copied no further than the captures keep: Claude Code's bodies run to megabytes
      capture = capture(origin, provider, model, built, java.util.Arrays.copyOf(body, Math.min(body.length, captures.bodyCap())),
          body.length);
    }
    Call call = client.newCall(built);
    Response response = execute(call, provider, model, request.url(), capture);
    Map<String, List<String>> headers = headers(response);
    if (capture != null) capture.response(response.code(), headers);
    ResponseBody body = response.body();
    java.io.InputStream in = capture == null ? body.byteStream() : okio.Okio.buffer(capture.tee(body.source())).inputStream();
    return new dev.ccr.ForwardedReply() {
      @Override
      public int status() {
        return response.code();
      }

      @Override
      public Map<String, List<String>> headers() {
        return headers;
      }

      @Override
      public java.io.InputStream body() {
        return in;
      }

      @Override
      public void close() {
        call.cancel(); // a client that went away cancels the upstream call
        response.close();
      }
    };
  }

  /** Runs the call; no response at all (refused, reset, timed out) is a retryable provider error. */
  private static Response execute(Call call, String provider, String model, String url, UpstreamCapture capture) {
    try {
      return call.execute();
    } catch (IOException e) {
      ProviderException failure = unreachable(provider, model, url, e);
      if (capture != null) capture.failed(failure.getMessage());
      throw failure;
    }
  }

  /** Starts keeping a call of {@code origin}; null when capturing is off or the call belongs to no exchange. */
  private boolean capturing(Origin origin) {
    return captures != null && origin != null && origin.requestId() != null;
  }

  private UpstreamCapture capture(Origin origin, String provider, String model, Request request, byte[] head, long length) {
    return captures.start(origin.requestId(), origin.provider(), provider, model, clock.now(), request, head, length);
  }

  static ProviderException unreachable(String provider, String model, String url, IOException e) {
    String what;
    if (e instanceof ConnectException) what = "cannot reach " + provider + " at " + hostOf(url) + " (connection refused)";
    else if (e instanceof UnknownHostException) what = "cannot resolve " + hostOf(url);
    else if (e instanceof InterruptedIOException) what = "timed out waiting for " + hostOf(url);
    else what = "connection to " + hostOf(url) + " failed: " + e.getMessage();
    int status = e instanceof InterruptedIOException ? 504 : 502;
    return new UnreachableException(provider, model, status, provider + "," + model + ": " + what, e);
  }

  private static String hostOf(String url) {
    try {
      URI u = URI.create(url);
      return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    } catch (IllegalArgumentException e) {
      return "the provider";
    }
  }

  private static Map<String, List<String>> headers(Response response) {
    Map<String, List<String>> out = new TreeMap<>();
    for (String name : response.headers().names()) {
      out.put(name.toLowerCase(Locale.ROOT), response.headers(name));
    }
    return out;
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  /** No upstream reply: refused, unresolvable, reset or timed out. Retryable. */
  static final class UnreachableException extends ProviderException {
    UnreachableException(String provider, String model, int status, String message, IOException cause) {
      super(provider, model, 0, message, Map.of(), cause);
      this.status = status;
    }

    private final int status;

    @Override
    public int status() {
      return status;
    }

    @Override
    public String errorType() {
      return status == 504 ? "timeout_error" : "api_error";
    }
  }

}
