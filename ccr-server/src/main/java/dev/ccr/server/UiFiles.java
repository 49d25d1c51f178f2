package dev.ccr.server;

import com.sun.net.httpserver.HttpExchange;
import dev.ccr.CcrException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web UI, served from the jar: {@code /ui} redirects to {@code /ui/}, which is the page; its
 * scripts and styles live under {@code /ui/v-HASH/}, HASH being a digest of all of them, so they
 * can be cached for good while the page itself is revalidated. No inline script is needed, so the
 * Content-Security-Policy allows scripts from this origin only.
 */
final class UiFiles {
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  /** Every asset of the app (resources under {@code ccr-ui/}); the version digest covers them all. */
  static final List<String> ASSETS = List.of("app.js", "api.js", "dom.js", "providers.js", "router.js", "settings.js",
      "editor.js", "logs.js", "live.js", "usage.js", "style.css");
  private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();
  static final String VERSION = "v-" + digest();

  private UiFiles() {}

  static boolean serves(String path) {
    return path.equals("/ui") || path.startsWith("/ui/");
  }

  static void serve(HttpExchange ex, String path) throws IOException {
    String method = ex.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw new CcrException(405, "invalid_request_error", "method " + method + " is not allowed here; use GET");
    }
    var headers = ex.getResponseHeaders();
    headers.set("Content-Security-Policy", CSP);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Frame-Options", "DENY");
    if (path.equals("/ui")) {
      headers.set("Location", "/ui/");
      ex.sendResponseHeaders(301, -1);
      return;
    }
    String rest = path.substring("/ui/".length());
    if (rest.isEmpty() || rest.equals("index.html")) {
      headers.set("Cache-Control", "no-cache");
      send(ex, "text/html; charset=utf-8", new String(resource("index.html"), StandardCharsets.UTF_8)
          .replace("{{VERSION}}", VERSION).getBytes(StandardCharsets.UTF_8));
      return;
    }
    int slash = rest.indexOf('/');
    String name = slash < 0 ? rest : rest.substring(slash + 1);
    if (slash < 0 || !rest.startsWith("v-") || !ASSETS.contains(name)) {
      throw new CcrException(404, "not_found_error", "no file " + path);
    }
    // A digest in the path names this content for good; an old digest gets today's file, revalidated.
    headers.set("Cache-Control", rest.substring(0, slash).equals(VERSION) ? "public, max-age=31536000, immutable" : "no-cache");
    send(ex, type(name), resource(name));
  }

  private static void send(HttpExchange ex, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(200, head ? -1 : body.length);
    if (head) return;
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  static String type(String name) {
    if (name.endsWith(".js")) return "text/javascript; charset=utf-8";
    if (name.endsWith(".css")) return "text/css; charset=utf-8";
    if (name.endsWith(".html")) return "text/html; charset=utf-8";
    return "application/octet-stream";
  }

  static byte[] resource(String name) {
    return CACHE.computeIfAbsent(name, n -> {
      try (InputStream in = UiFiles.class.getResourceAsStream("/ccr-ui/" + n)) {
        if (in == null) throw new IllegalStateException("the jar lacks ccr-ui/" + n);
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static String digest() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String name : ASSETS) sha.update(resource(name));
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
