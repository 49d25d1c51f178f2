package dev.ccr.server;

import com.sun.net.httpserver.HttpExchange;
import dev.ccr.json.Json;
import dev.ccr.usage.UsageFeed;
import dev.ccr.usage.UsageLedger;
import dev.ccr.usage.UsageRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/requests/stream}: each usage record as a server-sent {@code request} event as the
 * ledger takes it in, with a comment line when nothing happened for a while. A client that left is
 * found by the next write, which fails: its feed is closed and the thread freed.
 */
final class RequestFeed {
  /** How long the feed stays silent before it writes a keep-alive comment (which also finds a gone client). */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
  /** Records a slow reader may fall behind by before it loses some. */
  static final int BACKLOG = 1000;
  /** The feeds being served, so a stopping server can end them instead of waiting for their clients. */
  private static final java.util.Map<UsageFeed, UsageLedger> OPEN = new java.util.concurrent.ConcurrentHashMap<>();

  private RequestFeed() {}

  /** Serves the feed of {@code ledger}, with a keep-alive comment after {@code keepAlive} of silence. */
  static void serve(HttpExchange ex, UsageLedger ledger, Duration keepAlive) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    UsageFeed feed = ledger.feed(BACKLOG);
    OPEN.put(feed, ledger);
    try (feed) {
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      out.write(": ccr usage feed\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (!feed.isClosed()) { // closed by the ledger closing, or by endAll
        UsageRecord r = feed.poll(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
        String frame = r == null ? ": keep-alive\n\n" : "event: request\ndata: " + Json.write(r.toJson()) + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      out.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is stopping
    } finally {
      OPEN.remove(feed);
    }
  }

  /** Ends every feed served from {@code ledger}: their clients see the stream end. */
  static void endAll(UsageLedger ledger) {
    OPEN.forEach((feed, from) -> {
      if (from == ledger) feed.close();
    });
  }
}
