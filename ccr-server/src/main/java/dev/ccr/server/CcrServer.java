package dev.ccr.server;

import com.sun.net.httpserver.HttpServer;
import dev.ccr.ClaudeCodeRouter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ccr proxy: Anthropic Messages API in front of a {@link ClaudeCodeRouter}, on the JDK's HTTP server. */
public final class CcrServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CcrServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final ClaudeCodeRouter router;

  private CcrServer(HttpServer server, ExecutorService executor, ClaudeCodeRouter router) {
    this.server = server;
    this.executor = executor;
    this.router = router;
  }

  /** Starts serving {@code router} on {@code host:port} (port 0 picks a free one). */
  public static CcrServer start(ClaudeCodeRouter router, String host, int port) throws IOException {
    if (router.config().apiKey() == null && !isLoopback(host)) {
      // The original quietly binds to 127.0.0.1 instead; saying so is better than surprising the user.
      throw new dev.ccr.ConfigException("HOST " + host + " would expose the proxy (and your provider keys) to the "
          + "network without APIKEY; set APIKEY in the config, or use HOST 127.0.0.1");
    }
    // Small SSE events must not wait for Nagle's algorithm.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 256);
    ExecutorService executor = Threads.handlerExecutor(Math.max(16, Runtime.getRuntime().availableProcessors() * 8));
    server.setExecutor(executor);
    server.createContext("/", new ApiHandler(router));
    server.start();
    CcrServer s = new CcrServer(server, executor, router);
    log.info("ccr {} listening on http://{}:{} ({} threads)", Version.VALUE, host, s.port(),
        Threads.virtual() ? "virtual" : "platform");
    return s;
  }

  static boolean isLoopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public ClaudeCodeRouter router() {
    return router;
  }

  /** Stops accepting, lets running exchanges finish for up to {@code grace}, then closes. */
  public void stop(Duration grace) {
    server.stop((int) Math.max(0, Math.min(Integer.MAX_VALUE, grace.toSeconds())));
    executor.shutdownNow();
    router.close();
  }

  @Override
  public void close() {
    stop(Duration.ZERO);
  }
}
