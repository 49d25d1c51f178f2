package dev.ccr.server;

import com.sun.net.httpserver.HttpExchange;
import dev.ccr.json.Json;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** JSON answers of the management API: never cached, since they describe the config of the moment. */
final class JsonReplies {
  private JsonReplies() {}

  static void send(HttpExchange ex, int status, JsonValue body) throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
