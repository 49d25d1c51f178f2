package dev.ccr.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ccr.CcrException;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.EventStream;
import dev.ccr.ForwardedReply;
import dev.ccr.Reply;
import dev.ccr.InvalidRequestException;
import dev.ccr.engine.Engine;
import dev.ccr.internal.LogText;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.ApiError;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.routing.Route;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every HTTP endpoint of the proxy; errors always leave as Anthropic error JSON. */
final class ApiHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
  static final long MAX_BODY = 32L * 1024 * 1024;

  private final java.util.concurrent.atomic.AtomicReference<ClaudeCodeRouter> current;
  private final PresetRouters presets;
  private final ManagementApi management;
  /** What the log line of one exchange says beyond its status: where it went and the tokens it used. */
  static final class Outcome {
    String route = "-";
    String tokens = "-";
  }

  private final long requestBodyMs;
  /** Places for model requests; replaced when a reloaded config changes {@code performance}. */
  private final java.util.concurrent.atomic.AtomicReference<Admission> admission =
      new java.util.concurrent.atomic.AtomicReference<>(Admission.UNLIMITED);
  private volatile dev.ccr.config.CcrConfig admissionFor;
  private static final java.util.concurrent.ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private static java.util.concurrent.ScheduledThreadPoolExecutor watchdog() {
    var pool = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "ccr-body-watchdog");
      t.setDaemon(true);
      return t;
    });
    pool.setRemoveOnCancelPolicy(true); // else every cancelled timer stays queued, and wakes the thread when due
    return pool;
  }

  ApiHandler(java.util.concurrent.atomic.AtomicReference<ClaudeCodeRouter> current, PresetRouters presets,
      ManagementApi management, long requestBodyMs) {
    this.current = current;
    this.presets = presets;
    this.management = management;
    this.requestBodyMs = requestBodyMs;
  }

  @Override
  public void handle(HttpExchange ex) {
    ClaudeCodeRouter router = current.get(); // one config for the whole exchange, even if it is reloaded meanwhile
    long start = System.nanoTime();
    String requestId = requestId();
    ex.getResponseHeaders().set("request-id", requestId);
    int status = 200;
    Outcome outcome = new Outcome();
    String fullPath = ex.getRequestURI().getPath();
    String path = PresetRouters.within(fullPath); // the one path every handler and the error see
    try {
      // a preset is behind the server's APIKEY: checked before its name is looked at, so none is probed without a key
      if (fullPath.startsWith(PresetRouters.PREFIX)) authorize(ex, router);
      // "/preset/<name>/..." is that preset's router asked for "/...": one exchange, one config, as above
      PresetRouters.Scope scope = presets.scope(fullPath, router);
      // Places are the process's: the main config's performance setting counts preset requests too.
      Admission admission = admission(router);
      router = scope.router();
      String method = ex.getRequestMethod();
      switch (path) {
        case "/":
          allow(method, "GET", "HEAD");
          json(ex, 200, JsonObject.builder().put("name", "ccr").put("version", Version.VALUE).build());
          break;
        case "/health":
          allow(method, "GET", "HEAD");
          json(ex, 200, JsonObject.builder().put("status", "ok").build());
          break;
        case "/api/hello":
          allow(method, "GET", "HEAD");
          json(ex, 200, JsonObject.builder().put("message", "hello").build());
          break;
        case "/v1/models":
        case "/models": // see ModelList.serves
          allow(method, "GET");
          authorize(ex, router);
          json(ex, 200, ModelList.answer(router.config(), ex.getRequestHeaders()));
          break;
        case "/v1/messages":
          allow(method, "POST");
          authorize(ex, router);
          try (Admission.Place place = admission.enter()) {
            messages(ex, router, outcome);
          }
          break;
        case "/v1/messages/count_tokens":
          allow(method, "POST");
          authorize(ex, router);
          json(ex, 200, JsonObject.builder().put("input_tokens", router.countTokens(AnthropicJson.request(messageBody(ex))))
              .build());
          break;
        case "/v1/chat/completions":
        case "/chat/completions":
          allow(method, "POST");
          authorize(ex, router);
          try (Admission.Place place = admission.enter()) {
            OpenAiChatHandler.handle(ex, router, readBody(ex), outcome);
          }
          break;
        default:
          if (UiFiles.serves(path) && path.equals(ex.getRequestURI().getPath())) { UiFiles.serve(ex, path); break; }
          if (path.startsWith("/api/")) ManagementApi.loopbackWithoutKey(ex, router);
          // the management API edits the main config: not served under /preset/<name>/
          if (ManagementApi.serves(path) && path.equals(ex.getRequestURI().getPath())) {
            authorize(ex, router);
            management.handle(ex, router, this::readBody);
            break;
          }
          if (UsageApi.serves(path)) { authorize(ex, router); UsageApi.handle(ex, router, path); break; }
          throw new CcrException(404, "not_found_error", "no endpoint " + method + " " + path);
      }
    } catch (CcrException e) {
      status = e.status();
      if (e instanceof dev.ccr.LimitExceededException l) {
        ex.getResponseHeaders().set("retry-after", Long.toString(l.retryAfterSeconds()));
      }
      if (e instanceof dev.ccr.ProviderException p && p.headers().get("retry-after") != null) {
        ex.getResponseHeaders().set("retry-after", p.headers().get("retry-after").get(0));
      }
      if (e.status() == 413) ex.getResponseHeaders().set("Connection", "close"); // do not wait for the rest of it
      error(ex, path, e.status(), e.toApiError(), e);
    } catch (IOException e) {
      status = 499; // the client went away
    } catch (RuntimeException e) {
      status = 500;
      log.error("Unexpected failure in {} {}", ex.getRequestMethod(), LogText.escaped(ex.getRequestURI().getPath()), e);
      error(ex, path, 500, ApiError.of("api_error", "internal error in ccr (request " + requestId + ")"), null);
    } finally {
      ex.close();
      if (!ex.getRequestURI().getPath().equals("/health")) {
        log.info("{} {} {} {} route={} tokens={} {}ms", requestId, ex.getRequestMethod(), LogText.escaped(ex.getRequestURI().getPath()),
            status, LogText.escaped(outcome.route), outcome.tokens, (System.nanoTime() - start) / 1_000_000);
      }
    }
  }

  /** The admission {@code router}'s config asks for; the same places as long as its setting stays the same. */
  private Admission admission(ClaudeCodeRouter router) {
    Admission now = admission.get();
    if (admissionFor == router.config()) return now;
    Admission wanted = Admission.of(router.config());
    admissionFor = router.config();
    if (wanted.sameAs(now)) return now;
    admission.compareAndSet(now, wanted);
    return admission.get();
  }

  /** The body of a count_tokens request, checked as Anthropic checks it. */
  private JsonObject messageBody(HttpExchange ex) throws IOException {
    return RequestShape.countTokens(readBody(ex));
  }

  /** The body of a Messages request, checked as Anthropic checks it. */
  private static JsonObject messageBody(byte[] body) {
    return RequestShape.messages(body);
  }

  private void messages(HttpExchange ex, ClaudeCodeRouter router, Outcome outcome) throws IOException {
    byte[] body = readBody(ex);
    JsonObject tree = messageBody(body);
    if (log.isDebugEnabled()) log.debug("request body {}", Json.write(dev.ccr.internal.Redaction.redact(tree)));
    MessagesRequest request = AnthropicJson.request(tree);
    Route route = router.route(request, ex.getRequestHeaders().getFirst("x-claude-code-session-id"));
    outcome.route = route.target(); // for the log line, however the exchange ends
    ex.getResponseHeaders().set("x-ccr-route", route.header());
    router.admit(request, route, clientKey(ex));
    Map<String, String> clientHeaders = new HashMap<>();
    clientHeaders.put(Engine.REQUEST_ID, ex.getResponseHeaders().getFirst("request-id")); // names the usage record
    cacheScope(ex, clientHeaders);
    for (String h : Engine.CLIENT_HEADERS) {
      String v = ex.getRequestHeaders().getFirst(h);
      if (v != null) clientHeaders.put(h, v);
    }
    try (Reply reply = router.exchange(request, body, clientHeaders, route)) {
      try {
        if (reply instanceof Reply.Forwarded f) pipe(ex, f.reply());
        else if (reply instanceof Reply.Message m) message(ex, m.message());
        else events(ex, ((Reply.Events) reply).events());
      } finally {
        if (reply.usage() != null) outcome.tokens = reply.usage().summary(); // once, however the reply ended
      }
    }
  }

  private static void message(HttpExchange ex, MessagesResponse response) throws IOException {
    byte[] json = AnthropicJson.write(response).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, json.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(json);
    }
  }

  private static void events(HttpExchange ex, EventStream<StreamEvent> events) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    // Events that came in one upstream read go out in one write: the stream flushes before it waits
    // for the network, so nothing written is held while ccr waits. Where it cannot tell, every event is flushed.
    okio.Buffer frame = new okio.Buffer();
    IOException[] lost = {null};
    boolean flushesBeforeWaiting = events.onWait(() -> {
      if (lost[0] != null) return;
      try {
        out.flush();
      } catch (IOException e) {
        lost[0] = e;
        events.close(); // the client left: cancel the upstream call now, not at its next event
      }
    });
    for (StreamEvent event : events) {
      AnthropicJson.writeSse(event, frame); // UTF-8 bytes straight from the model, no String per event
      frame.writeTo(out);
      if (lost[0] != null) throw lost[0]; // the client left
      if (!flushesBeforeWaiting) out.flush();
    }
    if (lost[0] != null) throw lost[0];
    out.close();
  }

  /** The provider's reply, byte for byte, flushed as it arrives; the caller closes it, which cancels the upstream call. */
  private static void pipe(HttpExchange ex, ForwardedReply reply) throws IOException {
    for (String h : List.of("content-type", "request-id", "retry-after", "anthropic-ratelimit-requests-remaining")) {
      List<String> v = reply.headers().get(h);
      if (v != null && !v.isEmpty()) ex.getResponseHeaders().set(h, v.get(0));
    }
    ex.sendResponseHeaders(reply.status(), 0);
    OutputStream out = ex.getResponseBody();
    InputStream in = reply.body();
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) > 0; ) {
      out.write(buf, 0, n);
      out.flush();
    }
    out.close();
  }


  /** A request id like Anthropic's; not a secret, so a fast random source will do. */
  static String requestId() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    char[] id = "req_ccr_00000000000000000000".toCharArray();
    for (int i = 8; i < id.length; i++) id[i] = Character.forDigit(r.nextInt(16), 16);
    return new String(id);
  }

  byte[] readBody(HttpExchange ex) throws IOException {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    long declared = -1;
    if (length != null) {
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("Content-Length is not a number");
      }
      if (declared > MAX_BODY) throw tooLarge();
    }
    InputStream in = ex.getRequestBody();
    if (declared > 0 && in.available() >= declared) {
      return in.readNBytes((int) declared); // already here, as most bodies are: no need to time the read
    }
    // A client that trickles its body ties up a thread: past the limit its connection is closed.
    java.util.concurrent.ScheduledFuture<?> watchdog =
        WATCHDOG.schedule(ex::close, requestBodyMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    byte[] body;
    try {
      body = readLimited(in);
    } finally {
      watchdog.cancel(false);
    }
    if (body.length == 0) throw new InvalidRequestException("the request body is empty; expected JSON");
    return body;
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16 * 1024];
    long total = 0;
    for (int n; (n = in.read(buf)) > 0; ) {
      total += n;
      if (total > MAX_BODY) throw tooLarge();
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static CcrException tooLarge() {
    return new CcrException(413, "request_too_large", "the request body is larger than 32 MB");
  }

  /**
   * With {@code APIKEY} set, {@code x-api-key} or a Bearer token must match it. Without one, only
   * local callers get in: a browser page from another origin is refused, so a web page cannot use
   * the proxy (and its keys) behind the user's back.
   */
  private static void authorize(HttpExchange ex, ClaudeCodeRouter router) {
    String expected = router.config().apiKey();
    if (expected == null) {
      String origin = ex.getRequestHeaders().getFirst("Origin");
      if (origin != null && !sameOrigin(origin, ex.getRequestHeaders().getFirst("Host"))) {
        throw new CcrException(403, "permission_error", "requests from the browser origin " + origin
            + " are refused; set APIKEY in the config to allow remote clients");
      }
      return;
    }
    String given = clientKey(ex);
    if (given == null) {
      throw new CcrException(401, "authentication_error", "this proxy needs its APIKEY as x-api-key or "
          + "Authorization: Bearer");
    }
    // Constant-time compare: the time taken says nothing about how much of the key matched.
    if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8))) {
      throw new CcrException(401, "authentication_error", "invalid " + (ex.getRequestHeaders().getFirst("x-api-key") != null
          ? "x-api-key" : "Bearer token") + ": it is not this proxy's APIKEY");
    }
  }

  /** The key the client sent, as {@code x-api-key} or a Bearer token; null when none. */
  /** Who asks, for the response cache's key only: the client's key and the preset the request is for. */
  static void cacheScope(HttpExchange ex, Map<String, String> clientHeaders) {
    String key = clientKey(ex);
    if (key != null) clientHeaders.put(dev.ccr.cache.ResponseCache.CLIENT_KEY, key);
    String path = ex.getRequestURI().getPath();
    if (path.startsWith(PresetRouters.PREFIX)) {
      int slash = path.indexOf('/', PresetRouters.PREFIX.length());
      clientHeaders.put(dev.ccr.cache.ResponseCache.PRESET,
          slash < 0 ? path.substring(PresetRouters.PREFIX.length()) : path.substring(PresetRouters.PREFIX.length(), slash));
    }
  }

  static String clientKey(HttpExchange ex) {
    String given = ex.getRequestHeaders().getFirst("x-api-key");
    if (given == null) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) given = auth.substring(7).trim();
    }
    return given;
  }

  /**
   * True when a browser page at {@code origin} is this server's own (the web UI): the same host and
   * port as the request's {@code Host}, and that host this machine. Any other page, a dev server on
   * another local port included, could otherwise spend the user's provider keys; a name that only
   * resolves to 127.0.0.1 (DNS rebinding) is refused by the Host check.
   */
  static boolean sameOrigin(String origin, String hostHeader) {
    if (hostHeader == null || !ManagementApi.isLocalHost(hostHeader)) return false;
    try {
      java.net.URI uri = java.net.URI.create(origin.trim());
      String authority = uri.getRawAuthority();
      if (authority == null || !"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) return false;
      return authority.equalsIgnoreCase(hostHeader.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void allow(String method, String... allowed) {
    for (String a : allowed) {
      if (a.equals(method)) return;
    }
    throw new CcrException(405, "invalid_request_error", "method " + method + " is not allowed here; use "
        + String.join(" or ", allowed));
  }

  private static void json(HttpExchange ex, int status, JsonValue body) throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /**
   * The error in the client's format: OpenAI's on the Chat Completions paths and to OpenAI clients of
   * the model list, else Anthropic's. {@code path} is the one within the preset (or main) it is for.
   */
  private static void error(HttpExchange ex, String path, int status, ApiError error, CcrException cause) {
    try {
      if (ex.getResponseCode() != -1) return; // headers already went out; a stream carries its own error event
      boolean openAi = OpenAiChatHandler.serves(path) || ModelList.serves(path) && ModelList.isOpenAiClient(ex.getRequestHeaders());
      byte[] bytes = openAi ? OpenAiChatHandler.error(status, error, cause)
          : AnthropicJson.writeError(error).getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException gone) {
      // the client left; nothing to tell it
    }
  }
}
