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
  private final boolean ownsClient;
  /** Where calls are kept for the Live page; null when capturing is off. */
  private final UpstreamCaptures captures;
  private final Clock clock;
  /** The longest wait for a reply when a call names none, and for each read of a forwarded body. */
  private final long waitMs;
  private final Deadlines deadlines = new Deadlines();

  /** A transport over ccr's own client ({@link #defaultClient}), closed with it. */
  HttpTransport(OkHttpClient client, long waitMs) {
    this(client, true, null, Clock.SYSTEM, waitMs);
  }

  /**
   * A transport over {@code client}, closed with this one when {@code ownsClient}. Time limits are
   * this transport's own (a host's client may add its own on top).
   */
  HttpTransport(OkHttpClient client, boolean ownsClient, UpstreamCaptures captures, Clock clock, long waitMs) {
    // A host's client keeps its pool and dispatcher, not its read/write timeouts (OkHttp's default
    // 10 s would cut a model that thinks before its first byte): the deadlines time the calls.
    this.client = ownsClient ? client : client.newBuilder().readTimeout(Duration.ZERO).writeTimeout(Duration.ZERO).build();
    this.ownsClient = ownsClient;
    this.captures = captures;
    this.clock = clock;
    this.waitMs = waitMs;
  }

  /**
   * Which exchange a call belongs to, and the provider whose keys must never be shown: a call with
   * an origin is kept in the captures (when on); one without (a provider test) is not.
   */
  record Origin(String requestId, ProviderConfig provider) {}

  /**
   * A client for LLM calls, optional proxy. It has no read or write timeout of its own: the
   * transport's {@link Deadlines} bound each wait instead.
   */
  public static OkHttpClient defaultClient(long connectTimeoutMs, String proxyUrl) {
    OkHttpClient.Builder b = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofMillis(connectTimeoutMs))
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
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

  /** Calls still being timed: none once every reply was read, closed or failed. */
  int timedCalls() {
    return deadlines.live();
  }

  /** Sends {@code request} with the default timeouts; an error status becomes a {@link ProviderException}. */
  public UpstreamReply send(UpstreamRequest request, String provider, String model) throws IOException {
    return send(request, provider, model, 0, 0);
  }

  /**
   * Sends {@code request}. {@code firstByteMs} bounds the wait for the reply and its first event
   * (and each read of a whole reply), {@code idleMs} each later gap in a stream (0: the
   * transport's own wait for either).
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
    Request built = rb.build();
    UpstreamCapture capture = null;
    if (capturing(origin)) {
      byte[] head = new byte[(int) Math.min(bytes.size(), captures.bodyCap())];
      bytes.copyInto(0, head, 0, head.length);
      capture = capture(origin, provider, model, built, head, bytes.size());
    }
    Call call = client.newCall(built);
    Deadlines.Deadline deadline = deadlines.start(firstByteMs > 0 ? firstByteMs : waitMs, call::cancel);
    boolean handedOn = false;
    Response response = null;
    try {
      response = execute(call, deadline, provider, model, request.url(), capture);
      Map<String, List<String>> headers = headers(response);
      if (capture != null) capture.response(response.code(), headers);
      ResponseBody rbody = response.body();
      okio.BufferedSource timed = okio.Okio.buffer(new TimedSource(rbody.source(), deadline));
      if (!response.isSuccessful()) {
        String text = timed.request(MAX_ERROR_BODY) ? timed.readUtf8(MAX_ERROR_BODY) : timed.readUtf8();
        if (capture != null) {
          byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          capture.body(b, 0, b.length);
        }
        throw ProviderErrors.from(provider, model, response.code(), headers, text);
      }
      MediaType type = rbody.contentType();
      boolean sse = type != null && type.subtype().toLowerCase(Locale.ROOT).equals("event-stream");
      if (sse) {
        Runnable firstEvent = idleMs > 0 ? () -> deadline.budget(idleMs) : () -> {};
        okio.BufferedSource source = capture == null ? timed : okio.Okio.buffer(capture.tee(timed));
        EventStream<UpstreamEvent> events = SseStreams.parse(source, provider, model, request.url(), firstEvent, ended -> {
          deadline.close();
          // A client that went away cancels the upstream call. A stream read to its end is only
          // closed: OkHttp then reads the last chunk marker and keeps the connection for the next call.
          if (!ended) call.cancel();
          rbody.close();
        });
        handedOn = true;
        return new UpstreamReply.Events(response.code(), headers, events);
      }
      okio.Buffer raw = new okio.Buffer();
      try (rbody) {
        timed.readAll(raw);
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
      if (response != null) response.close();
      if (e instanceof IOException io) throw unreachable(provider, model, request.url(), io);
      throw e;
    } finally {
      if (!handedOn) deadline.close();
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
    Deadlines.Deadline deadline = deadlines.start(waitMs, call::cancel);
    Response response = null;
    Map<String, List<String>> headers;
    java.io.InputStream in;
    try {
      response = execute(call, deadline, provider, model, request.url(), capture);
      headers = headers(response);
      if (capture != null) capture.response(response.code(), headers);
      okio.Source timed = new TimedSource(response.body().source(), deadline);
      in = okio.Okio.buffer(capture == null ? timed : capture.tee(timed)).inputStream();
    } catch (RuntimeException | Error e) {
      deadline.close();
      if (response != null) response.close();
      throw e;
    }
    Response answered = response;
    return new dev.ccr.ForwardedReply() {
      @Override
      public int status() {
        return answered.code();
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
        deadline.close();
        call.cancel(); // a client that went away cancels the upstream call
        answered.close();
      }
    };
  }

  /** Runs the call; no response at all (refused, reset, timed out) is a retryable provider error. */
  private static Response execute(Call call, Deadlines.Deadline deadline, String provider, String model, String url,
      UpstreamCapture capture) {
    try {
      Response response = call.execute();
      deadline.exit(); // the reply is here; its body is timed read by read
      return response;
    } catch (IOException e) {
      ProviderException failure = unreachable(provider, model, url, deadline.explain(e));
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
    deadlines.close();
    if (!ownsClient) return; // a host's client stays open for the host
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  /** A reply body whose every read counts as progress, and whose failure after the deadline is the timeout it was. */
  private static final class TimedSource extends okio.ForwardingSource {
    private final Deadlines.Deadline deadline;

    TimedSource(okio.Source delegate, Deadlines.Deadline deadline) {
      super(delegate);
      this.deadline = deadline;
    }

    @Override
    public long read(okio.Buffer sink, long byteCount) throws IOException {
      deadline.enter();
      try {
        return super.read(sink, byteCount);
      } catch (IOException e) {
        throw deadline.explain(e);
      } finally {
        deadline.exit();
      }
    }
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
