package dev.ccr.server.statusline;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A ccr answering {@code /api/sessions/{id}} and {@code /api/usage} as contracts.md says, on a real
 * socket: paths it was not given answer 404 in Anthropic's error format.
 */
public final class FakeCcr implements AutoCloseable {
  final HttpServer server;
  public final Map<String, String> answers = new ConcurrentHashMap<>();
  /** Each request as "path key=<x-api-key>". */
  public final List<String> requests = new CopyOnWriteArrayList<>();

  public FakeCcr() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getRawPath();
      requests.add(path + " key=" + exchange.getRequestHeaders().getFirst("x-api-key"));
      String body = answers.get(path);
      int status = body != null ? 200 : 404;
      if (body == null) body = "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"unknown session\"}}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("content-type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** The contract's example answer for session {@code id}, with the figures the tests assert on. */
  public static String session(String id) {
    return "{\"session_id\":\"" + id + "\",\"route\":\"deepseek,deepseek-chat\",\"provider\":\"deepseek\","
        + "\"model\":\"deepseek-chat\",\"scenario\":\"default\",\"requests\":12,\"errors\":0,"
        + "\"input_tokens\":52345,\"output_tokens\":4567,\"cache_read_tokens\":0,\"cache_creation_tokens\":0,"
        + "\"last\":{\"input_tokens\":1234,\"output_tokens\":56,\"cache_read_tokens\":0,\"cache_creation_tokens\":0,"
        + "\"ttft_ms\":350,\"duration_ms\":1200,\"output_tokens_per_second\":41.7,\"status\":200},"
        + "\"context_window\":128000,\"context_percent\":8.3,\"cost\":0.0123,\"updated_at\":\"2026-12-01T19:00:00Z\","
        + "\"a_field_added_later\":{\"x\":1}}";
  }
}
