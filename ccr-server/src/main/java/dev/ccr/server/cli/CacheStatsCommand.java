package dev.ccr.server.cli;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ccr cache-stats}: the running proxy's response cache figures, from its {@code /api/usage}. */
@Command(name = "cache-stats", description = "Show the response cache's hits (exact and semantic), misses, bytes, tokens saved and embeddings calls.")
final class CacheStatsCommand extends CcrCommand {
  @Mixin ConfigOption config = new ConfigOption();

  @Option(names = "--url", paramLabel = "URL", description = "The proxy to ask; the background one when not given.")
  String url;

  @Override
  public Integer call() {
    String base = url != null ? url : Daemon.running().map(Daemon.Running::url).orElse(null);
    if (base == null) {
      err().println("ccr is not running; start it (ccr start) or give --url");
      return 3;
    }
    JsonObject cache;
    try {
      JsonValue usage = Json.parse(get(base + "/api/usage", apiKey()));
      cache = usage instanceof JsonObject o ? o.getObject("cache") : null;
    } catch (IOException | RuntimeException e) {
      err().println("ccr: cannot read " + base + "/api/usage: " + e.getMessage());
      return 1;
    }
    if (cache == null) {
      err().println("ccr at " + base + " reports no cache figures (an older ccr?)");
      return 1;
    }
    long hits = Long.parseLong(cache.get("hits").toJson());
    long misses = Long.parseLong(cache.get("misses").toJson());
    long bytes = Long.parseLong(cache.get("bytes").toJson());
    boolean on = cache.get("enabled").toJson().equals("true");
    out().println("response cache: " + (on ? cache.getString("strategy") : "off (set caching.enabled in the config)"));
    out().println("hits:         " + hits + split(cache));
    out().println("misses:       " + misses);
    out().println("hit rate:     " + (hits + misses == 0 ? "-" : Math.round(100.0 * hits / (hits + misses)) + "%"));
    out().println("bytes:        " + (bytes < 0 ? "in Redis (not counted)" : Long.toString(bytes)));
    out().println("tokens saved: " + cache.get("tokens_saved").toJson());
    if ("semantic-similarity".equals(cache.getString("strategy")) && cache.get("embedding_calls") != null) {
      out().println("embeddings:   " + cache.get("embedding_calls").toJson() + " calls, "
          + cache.get("embedding_failures").toJson() + " failed (those requests went on uncached)");
    }
    return 0;
  }

  /** " (2 exact, 1 semantic)"; empty from a ccr that does not tell them apart. */
  private static String split(JsonObject cache) {
    if (cache.get("exact_hits") == null || cache.get("semantic_hits") == null) return "";
    return " (" + cache.get("exact_hits").toJson() + " exact, " + cache.get("semantic_hits").toJson() + " semantic)";
  }

  /** The config's APIKEY, which the proxy asks of every caller when set; null without one. */
  private String apiKey() {
    if (!Files.exists(config.path())) return null;
    try {
      return dev.ccr.config.CcrConfig.load(config.path()).apiKey();
    } catch (RuntimeException e) {
      return null; // a broken config: ask without a key, and let the proxy say no
    }
  }

  private static String get(String url, String apiKey) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setConnectTimeout(2000);
    c.setReadTimeout(5000);
    if (apiKey != null) c.setRequestProperty("x-api-key", apiKey);
    try {
      int status = c.getResponseCode();
      if (status != 200) throw new IOException("HTTP " + status);
      try (InputStream in = c.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } finally {
      c.disconnect();
    }
  }
}
