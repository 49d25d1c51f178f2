package dev.ccr.server;

import com.sun.net.httpserver.HttpExchange;
import dev.ccr.CcrException;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNull;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.PluginRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management endpoints the web UI and the original's scripts use, at the original's paths:
 * {@code /api/config}, {@code /api/restart}, {@code /api/transformers}, {@code /api/logs/files},
 * {@code /api/logs}, {@code /api/providers/test} and {@code /api/providers/{name}/models}.
 */
final class ManagementApi {
  private static final Logger log = LoggerFactory.getLogger(ManagementApi.class);

  /** Reads a request body within the proxy's limits. */
  interface Body {
    byte[] read(HttpExchange ex) throws IOException;
  }

  private final ConfigEndpoint config = new ConfigEndpoint();
  private volatile LogFiles logs;
  private volatile ConfigWatch watch;

  ManagementApi(Path logsFolder) {
    this.logs = new LogFiles(logsFolder);
  }

  /** The file the running server reloads from; the config endpoints edit it. */
  void watch(ConfigWatch watch) {
    this.watch = watch;
  }

  /** Where the log files are; {@code ccr start} writes them to {@link #defaultLogs()}. */
  void logsFolder(Path folder) {
    this.logs = new LogFiles(folder);
  }

  static boolean serves(String path) {
    return path.equals("/api/config") || path.equals("/api/restart") || path.equals("/api/transformers")
        || path.equals("/api/logs") || path.equals("/api/logs/files") || path.equals("/api/providers/test")
        || path.startsWith("/api/providers/") && path.endsWith("/models");
  }

  /**
   * Without {@code APIKEY}, {@code /api/*} answers callers on this machine only (the key check that
   * follows refuses pages of another origin, as for {@code /v1/messages}).
   */
  static void loopbackWithoutKey(HttpExchange ex, ClaudeCodeRouter router) {
    if (router.config().apiKey() == null) {
      InetSocketAddress from = ex.getRemoteAddress();
      if (from == null || from.getAddress() == null || !from.getAddress().isLoopbackAddress()) {
        throw new CcrException(403, "permission_error", "without APIKEY the management API answers this machine only");
      }
      // A page of another site whose name was pointed at 127.0.0.1 (DNS rebinding) sends its own name as Host.
      String host = ex.getRequestHeaders().getFirst("Host");
      if (host != null && !isLocalHost(host)) {
        throw new CcrException(403, "permission_error", "without APIKEY the management API answers requests to "
            + "localhost, 127.0.0.1 or [::1] only");
      }
    }
  }

  /** True for a Host header naming this machine: localhost (and *.localhost), 127.x.x.x or [::1], with any port. */
  static boolean isLocalHost(String hostHeader) {
    String h = hostHeader.trim().toLowerCase(java.util.Locale.ROOT);
    if (h.startsWith("[")) return h.startsWith("[::1]");
    int colon = h.indexOf(':');
    if (colon >= 0) h = h.substring(0, colon);
    return h.equals("localhost") || h.endsWith(".localhost") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  void handle(HttpExchange ex, ClaudeCodeRouter router, Body body) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    switch (path) {
      case "/api/config":
        if (method.equals("GET")) config.get(ex, file(), router);
        else if (method.equals("POST")) config.post(ex, file(), watch, router.config().raw(), body.read(ex),
            ex.getRequestURI().getRawQuery());
        else throw notAllowed(method, "GET or POST");
        break;
      case "/api/restart":
        if (!method.equals("POST")) throw notAllowed(method, "POST");
        restart(ex);
        break;
      case "/api/transformers":
        if (!method.equals("GET")) throw notAllowed(method, "GET");
        JsonReplies.send(ex, 200, JsonObject.builder().put("transformers", transformers(router.plugins())).build());
        break;
      case "/api/logs/files":
        if (!method.equals("GET")) throw notAllowed(method, "GET");
        JsonReplies.send(ex, 200, logs.list());
        break;
      case "/api/logs":
        if (method.equals("GET")) JsonReplies.send(ex, 200, logs.read(ex.getRequestURI().getRawQuery()));
        else if (method.equals("DELETE")) JsonReplies.send(ex, 200, logs.clear(ex.getRequestURI().getRawQuery()));
        else throw notAllowed(method, "GET or DELETE");
        break;
      case "/api/providers/test":
        if (!method.equals("POST")) throw notAllowed(method, "POST");
        JsonReplies.send(ex, 200, ProviderProbe.test(router, body.read(ex)));
        break;
      default: // /api/providers/{name}/models
        if (!method.equals("GET")) throw notAllowed(method, "GET");
        String raw = ex.getRequestURI().getRawPath();
        String name = java.net.URLDecoder.decode(raw.substring("/api/providers/".length(), raw.length() - "/models".length()),
            java.nio.charset.StandardCharsets.UTF_8);
        JsonReplies.send(ex, 200, ProviderProbe.models(router, name));
    }
  }

  private Path file() {
    ConfigWatch w = watch;
    return w == null ? null : w.file();
  }

  /** Answers first, then reloads the file: the caller's connection is not the one a restart would cut. */
  private void restart(HttpExchange ex) throws IOException {
    ConfigWatch w = watch;
    JsonReplies.send(ex, 200, JsonObject.builder().put("success", true)
        .put("message", w == null ? "this server has no config file to reload" : "Service restart initiated").build());
    if (w == null) return;
    Thread t = new Thread(() -> log.info("Restart asked through the API: {}", w.reload()), "ccr-api-restart");
    t.setDaemon(true);
    t.start();
  }

  /** Every transformer a {@code use} list may name, plug-ins included; providers give their own endpoint path. */
  static JsonArray transformers(PluginRegistry plugins) {
    List<JsonValue> out = new ArrayList<>();
    for (String name : plugins.useNames()) {
      JsonValue endpoint = JsonNull.INSTANCE;
      var provider = plugins.provider(name);
      if (provider.isPresent() && !provider.get().pathEndings().isEmpty()) {
        endpoint = JsonString.of(provider.get().pathEndings().iterator().next());
      }
      out.add(JsonObject.builder().put("name", name).put("endpoint", endpoint).build());
    }
    return JsonArray.of(out);
  }

  private static CcrException notAllowed(String method, String allowed) {
    return new CcrException(405, "invalid_request_error", "method " + method + " is not allowed here; use " + allowed);
  }

  /** The logs folder of a server started by {@code ccr start}. */
  static Path defaultLogs() {
    return CcrConfig.home().resolve("logs");
  }
}
