package dev.ccr.engine;

import dev.ccr.ForwardedReply;
import dev.ccr.json.Json;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.Usage;
import dev.ccr.usage.UsageLedger;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Forwarded bytes, watched on their way to the client: the first byte times the first token, and
 * the usage the provider reports is picked out of the passing bytes (the {@code data:} lines of a
 * stream, or the whole body of a JSON reply up to a limit), so forwarded exchanges are counted too.
 * Nothing is held back: the bytes leave as they came.
 */
final class MeteredForward implements ForwardedReply {
  /** A JSON reply, or a stream line, larger than this is not read for usage. */
  private static final int MAX_JSON = 1 << 20;

  private final ForwardedReply reply;
  private final Meter meter;
  private final UsageLedger ledger;
  private final boolean stream;
  private final InputStream body;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private volatile Usage usage;
  private boolean sawError;
  private boolean tooBig;
  private boolean longLine;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  MeteredForward(ForwardedReply reply, Meter meter, UsageLedger ledger) {
    this.reply = reply;
    this.meter = meter;
    this.ledger = ledger;
    List<String> type = reply.headers().get("content-type");
    this.stream = type != null && !type.isEmpty() && type.get(0).startsWith("text/event-stream");
    if (stream) ledger.streamOpened();
    this.body = new FilterInputStream(reply.body()) {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
          n = super.read(b, off, len);
        } catch (IOException e) {
          meter.failedMidway("api_error", usage);
          throw e;
        }
        if (n > 0) {
          meter.first();
          see(b, off, n);
        } else if (n < 0) {
          ended();
        }
        return n;
      }
    };
  }

  @Override
  public int status() {
    return reply.status();
  }

  @Override
  public Map<String, List<String>> headers() {
    return reply.headers();
  }

  @Override
  public InputStream body() {
    return body;
  }

  @Override
  public Usage usage() {
    return usage;
  }

  /** Takes in the bytes just read: whole lines of a stream, or the body of a JSON reply up to the limit. */
  private void see(byte[] b, int off, int n) {
    if (!stream) {
      if (line.size() + n <= MAX_JSON) line.write(b, off, n);
      else tooBig = true;
      return;
    }
    int start = off;
    for (int i = off; i < off + n; i++) {
      if (b[i] != '\n') continue;
      line.write(b, start, i - start);
      if (!longLine && line.size() > 5) dataLine(line.toString(StandardCharsets.UTF_8));
      line.reset();
      longLine = false;
      start = i + 1;
    }
    line.write(b, start, off + n - start);
    if (line.size() > MAX_JSON) { // no usage event is this long: skip the rest of the line, hold nothing
      line.reset();
      longLine = true;
    }
  }

  /** Only the events that carry usage (message_start, message_delta) or an error are parsed. */
  private void dataLine(String text) {
    if (!text.startsWith("data:")) return;
    boolean hasUsage = text.contains("\"usage\"");
    boolean error = text.contains("\"type\":\"error\"") || text.contains("\"type\": \"error\"");
    if (!hasUsage && !error) return;
    try {
      JsonObject event = Json.parse(text.substring(5).trim()).asObject();
      if ("error".equals(event.getString("type"))) sawError = true;
      JsonObject message = event.getObject("message");
      JsonObject u = message != null ? message.getObject("usage") : event.getObject("usage");
      if (u != null) usage = usage == null ? usage(u) : usage.updatedBy(usage(u));
    } catch (RuntimeException e) {
      // not JSON we understand: the bytes still pass, the record just lacks usage
    }
  }

  private void ended() {
    if (meter.hasEnded()) return;
    if (!stream && !tooBig) {
      try {
        JsonValue whole = Json.parse(line.toString(StandardCharsets.UTF_8));
        JsonObject u = whole.asObject().getObject("usage");
        if (u != null) usage = usage(u);
      } catch (RuntimeException e) {
        // as above
      }
    }
    if (stream && line.size() > 0) dataLine(line.toString(StandardCharsets.UTF_8));
    if (sawError) meter.failedMidway("api_error", usage);
    else meter.succeeded(usage);
  }

  private static Usage usage(JsonObject u) {
    return new Usage(count(u, "input_tokens"), count(u, "output_tokens"), count(u, "cache_creation_input_tokens"),
        count(u, "cache_read_input_tokens"), null);
  }

  private static Integer count(JsonObject o, String name) {
    JsonNumber n = o.getNumber(name);
    return n == null ? null : n.intValue();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    try {
      reply.close();
    } finally {
      meter.cancelled(usage);
      if (stream) ledger.streamClosed();
    }
  }
}
