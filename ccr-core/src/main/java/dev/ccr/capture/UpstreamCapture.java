package dev.ccr.capture;

import dev.ccr.internal.Redaction;
import dev.ccr.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One upstream call as it went over the wire: the request as sent and, once it comes, the reply's
 * status, headers and first bytes. The reply's body grows while a stream is read, up to the cap.
 */
public final class UpstreamCapture {
  static final String TRUNCATED = "\n…[cut: only the first %d bytes are kept]";

  private final String requestId;
  private final String provider;
  private final String model;
  private final Instant time;
  private final String method;
  private final String url;
  private final Map<String, String> requestHeaders;
  private final Body requestBody;
  private final List<String> secrets;
  private final int cap;
  private final ReentrantLock lock = new ReentrantLock();
  private int status = -1;
  private Map<String, List<String>> responseHeaders = Map.of();
  private volatile Body responseBody;
  private volatile String failure;

  UpstreamCapture(String requestId, String provider, String model, Instant time, String method, String url,
      Map<String, String> headers, int cap, List<String> secrets) {
    this.requestId = requestId;
    this.provider = provider;
    this.model = model;
    this.time = time;
    this.method = method;
    this.url = url;
    this.requestHeaders = headers; // the caller's copy, made once (UpstreamCaptures)
    this.cap = cap;
    this.requestBody = new Body(cap);
    List<String> s = new ArrayList<>();
    for (String v : secrets) {
      if (v != null && v.length() >= 4) s.add(v);
    }
    this.secrets = List.copyOf(s);
  }

  public String requestId() {
    return requestId;
  }

  /** The reply arrived: its status and headers; its body follows through {@link #body}. */
  public void response(int status, Map<String, List<String>> headers) {
    lock.lock();
    try {
      this.status = status;
      this.responseHeaders = new TreeMap<>(headers);
      this.responseBody = new Body(cap);
    } finally {
      lock.unlock();
    }
  }

  /** Bytes of the reply's body as they are read; those past the cap are counted, not kept. */
  public void body(byte[] bytes, int offset, int length) {
    Body b = responseBody;
    if (b != null) b.append(bytes, offset, length);
  }

  /**
   * {@code n} bytes of the reply's body at {@code offset} in {@code source}, copied straight into
   * what is kept (up to the cap; the rest only counted): no copy in between, as this runs per
   * stream chunk.
   */
  public void body(okio.Buffer source, long offset, long n) {
    Body b = responseBody;
    if (b != null) b.append(source, offset, n);
  }

  /** The request's body, or its first part (callers need not copy more than the cap of a big one). */
  void requestBody(byte[] bytes, int offset, int length) {
    requestBody.append(bytes, offset, length);
  }

  /** Bytes of the request's body that were sent but not handed over: counted only. */
  public void requestSkipped(long n) {
    requestBody.skipped(n);
  }

  /** Bytes of the reply's body that were read but not handed over: counted only. */
  public void skipped(long n) {
    Body b = responseBody;
    if (b != null) b.skipped(n);
  }

  /** How many more bytes of the reply's body are kept: callers copy no more than this. */
  public int room() {
    Body b = responseBody;
    return b == null ? 0 : b.room();
  }

  /** {@code source}, handing the bytes read from it to this call's reply body up to the cap (the rest only counted). */
  public okio.Source tee(okio.Source source) {
    return new okio.ForwardingSource(source) {
      @Override
      public long read(okio.Buffer sink, long byteCount) throws java.io.IOException {
        long n = super.read(sink, byteCount);
        if (n > 0) body(sink, sink.size() - n, n);
        return n;
      }
    };
  }

  /** No reply: the connection failed or timed out. */
  public void failed(String message) {
    failure = message;
  }

  /** The call with every secret taken out: header values by name, key values wherever they appear. */
  public JsonObject toJson() {
    JsonObject.Builder request = JsonObject.builder().put("method", method).put("url", hide(Redaction.url(url)))
        .put("headers", headers(requestHeaders)).put("body", requestBody.text()).put("bytes", requestBody.total());
    JsonObject.Builder out = JsonObject.builder().put("request_id", requestId).put("provider", provider)
        .put("model", model).put("time", time.toString()).put("request", request.build());
    lock.lock();
    try {
      if (status >= 0) {
        Map<String, String> flat = new LinkedHashMap<>();
        responseHeaders.forEach((k, v) -> flat.put(k, String.join(", ", v)));
        out.put("response", JsonObject.builder().put("status", status).put("headers", headers(flat))
            .put("body", responseBody.text()).put("bytes", responseBody.total()).build());
      }
    } finally {
      lock.unlock();
    }
    if (failure != null) out.put("error", hide(failure));
    return out.build();
  }

  private JsonObject headers(Map<String, String> headers) {
    JsonObject.Builder b = JsonObject.builder();
    headers.forEach((k, v) -> b.put(k, hide(Redaction.header(k, v))));
    return b.build();
  }

  /** {@code text} with each secret, and a secret's beginning cut off at the end of a kept body, replaced. */
  String hide(String text) {
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, Redaction.REDACTED);
      // a body cut at the cap may end in the first part of a key
      for (int n = s.length() - 1; n >= 4; n--) {
        if (out.endsWith(s.substring(0, n))) {
          out = out.substring(0, out.length() - n) + Redaction.REDACTED;
          break;
        }
      }
    }
    return out;
  }

  /** The first {@code cap} bytes of a body, and how many there were in all. */
  private final class Body {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int limit;
    private long total;

    Body(int limit) {
      this.limit = limit;
    }

    void append(byte[] bytes, int offset, int length) {
      lock.lock();
      try {
        total += length;
        int room = limit - kept.size();
        if (room > 0) kept.write(bytes, offset, Math.min(room, length));
      } finally {
        lock.unlock();
      }
    }

    void append(okio.Buffer source, long offset, long n) {
      lock.lock();
      try {
        total += n;
        long keep = Math.min(limit - kept.size(), n);
        if (keep > 0) source.copyTo(kept, offset, keep);
      } catch (java.io.IOException cannot) {
        throw new java.io.UncheckedIOException(cannot); // a ByteArrayOutputStream does not fail
      } finally {
        lock.unlock();
      }
    }

    int room() {
      lock.lock();
      try {
        return limit - kept.size();
      } finally {
        lock.unlock();
      }
    }

    void skipped(long n) {
      lock.lock();
      try {
        total += n;
      } finally {
        lock.unlock();
      }
    }

    long total() {
      lock.lock();
      try {
        return total;
      } finally {
        lock.unlock();
      }
    }

    String text() {
      String text;
      long all;
      lock.lock();
      try {
        text = kept.toString(StandardCharsets.UTF_8);
        all = total;
      } finally {
        lock.unlock();
      }
      text = hide(text);
      return all > limit ? text + String.format(TRUNCATED, limit) : text;
    }
  }
}
