package dev.ccr.server;

import com.sun.net.httpserver.HttpExchange;
import dev.ccr.CcrException;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.EventStream;
import dev.ccr.Reply;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.model.ApiError;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.StreamEvent;
import dev.ccr.routing.Route;
import dev.ccr.transformers.openai.inbound.ChatChunkWriter;
import dev.ccr.transformers.openai.inbound.ChatCompletionWriter;
import dev.ccr.transformers.openai.inbound.ChatRequestException;
import dev.ccr.transformers.openai.inbound.ChatRequestReader;
import dev.ccr.transformers.openai.inbound.ClientBodyTransformer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}: an OpenAI Chat Completions request, read into the Anthropic
 * model, routed and sent like any other (retries, fallback, key pools), and answered as a {@code
 * chat.completion} or a stream of {@code chat.completion.chunk} events ending in {@code [DONE]}.
 */
final class OpenAiChatHandler {
  private static final Logger log = LoggerFactory.getLogger(OpenAiChatHandler.class);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

  private OpenAiChatHandler() {}

  /** The paths it serves: OpenAI's SDKs append {@code /chat/completions} to a base URL, with or without {@code /v1}. */
  static boolean serves(String path) {
    return path.equals("/v1/chat/completions") || path.equals("/chat/completions");
  }

  static void handle(HttpExchange ex, ClaudeCodeRouter router, byte[] body, ApiHandler.Outcome outcome) throws IOException {
    JsonObject tree = RequestShape.object(body);
    if (log.isDebugEnabled()) log.debug("chat request body {}", Json.write(dev.ccr.internal.Redaction.redact(tree)));
    MessagesRequest request = ChatRequestReader.read(tree);
    boolean includeUsage = ChatRequestReader.includeUsage(tree);
    Route route = router.route(request, ex.getRequestHeaders().getFirst("x-claude-code-session-id"));
    outcome.route = route.target();
    ex.getResponseHeaders().set("x-ccr-route", route.header());
    router.admit(request, route, ApiHandler.clientKey(ex));
    String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    long created = System.currentTimeMillis() / 1000;
    Map<String, String> clientHeaders = new java.util.HashMap<>();
    clientHeaders.put(dev.ccr.engine.Engine.REQUEST_ID, ex.getResponseHeaders().getFirst("request-id"));
    ApiHandler.cacheScope(ex, clientHeaders);
    try (Reply reply = router.exchangeTranslated(ChatRequestReader.sendable(request), new ClientBodyTransformer(tree),
        clientHeaders, route)) {
      try {
        if (reply instanceof Reply.Events e) {
          events(ex, e.events(), new ChatChunkWriter(id, created, includeUsage));
        } else if (reply instanceof Reply.Message m) {
          json(ex, 200, ChatCompletionWriter.completion(m.message(), id, created));
        } else {
          throw new IllegalStateException("a Chat Completions exchange is never forwarded as bytes");
        }
      } finally {
        if (reply.usage() != null) outcome.tokens = reply.usage().summary();
      }
    }
  }

  /** Chunks as events arrive, flushed before ccr waits for the network, then {@code [DONE]}; an error chunk ends a failed stream. */
  private static void events(HttpExchange ex, EventStream<StreamEvent> events, ChatChunkWriter chunks) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    IOException[] lost = {null};
    boolean flushesBeforeWaiting = events.onWait(() -> {
      if (lost[0] != null) return;
      try {
        out.flush();
      } catch (IOException e) {
        lost[0] = e;
        events.close(); // the client left: cancel the upstream call now
      }
    });
    okio.Buffer frame = new okio.Buffer();
    for (StreamEvent event : events) {
      chunks.write(event, chunk -> frame.writeUtf8("data: ").writeUtf8(Json.write(chunk)).writeUtf8("\n\n"));
      frame.writeTo(out);
      if (lost[0] != null) throw lost[0];
      if (!flushesBeforeWaiting) out.flush();
      if (chunks.finished()) break;
    }
    if (lost[0] != null) throw lost[0];
    if (!chunks.finished()) {
      frame.writeUtf8("data: ").writeUtf8(Json.write(chunks.cut())).writeUtf8("\n\n");
      frame.writeTo(out);
    } else if (!chunks.failed()) {
      out.write(DONE);
    }
    out.close();
  }

  /** {@code error} as OpenAI's error object, naming the member at fault when {@code cause} knows it. */
  static byte[] error(int status, ApiError error, CcrException cause) {
    String param = cause instanceof ChatRequestException c ? c.param() : null;
    return Json.write(ChatCompletionWriter.error(status, error, param)).getBytes(StandardCharsets.UTF_8);
  }

  private static void json(HttpExchange ex, int status, JsonObject body) throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
