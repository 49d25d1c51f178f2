package dev.ccr.server;

import com.sun.net.httpserver.HttpServer;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ccr proxy: Anthropic Messages API in front of a {@link ClaudeCodeRouter}, on the JDK's HTTP server. */
public final class CcrServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CcrServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicReference<ClaudeCodeRouter> router;
  private final InFlight inFlight;
  private final PresetRouters presets;
  private final ManagementApi management;
  private volatile ConfigWatch configWatch;
  /** Routers a reload replaced, closed a minute later or when the server stops, whichever is first. */
  private final java.util.List<ClaudeCodeRouter> retired = new java.util.ArrayList<>();
  private boolean stopped;
  private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ccr-housekeeping");
    t.setDaemon(true);
    return t;
  });

  private CcrServer(HttpServer server, ExecutorService executor, AtomicReference<ClaudeCodeRouter> router,
      InFlight inFlight, PresetRouters presets, ManagementApi management) {
    this.management = management;
    this.server = server;
    this.executor = executor;
    this.router = router;
    this.inFlight = inFlight;
    this.presets = presets;
  }

  /** Starts serving {@code router} on {@code host:port} (port 0 picks a free one). */
  public static CcrServer start(ClaudeCodeRouter router, String host, int port) throws IOException {
    String exposed = exposure(router.config(), host);
    if (exposed != null) throw new dev.ccr.ConfigException(exposed);
    // Small SSE events must not wait for Nagle's algorithm; a flood of headers is refused.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    System.setProperty("sun.net.httpserver.maxReqHeaders", "200");
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 256);
    // On JDK 17 each stream holds a platform thread: the pool must be as large as the streams served at once.
    ExecutorService executor = Threads.handlerExecutor(2048);
    server.setExecutor(executor);
    AtomicReference<ClaudeCodeRouter> current = new AtomicReference<>(router);
    InFlight inFlight = new InFlight();
    PresetRouters presets = new PresetRouters();
    ManagementApi management = new ManagementApi(ManagementApi.defaultLogs());
    server.createContext("/", inFlight.wrap(new ApiHandler(current, presets, management,
        router.config().resilience().requestBodyMs())));
    server.start();
    CcrServer s = new CcrServer(server, executor, current, inFlight, presets, management);
    if (IdleMemory.wanted()) {
      IdleMemory idle = new IdleMemory(inFlight::served, inFlight::running, dev.ccr.engine.Clock.SYSTEM,
          IdleMemory::release, IdleMemory::trimNativeHeap);
      s.housekeeping.scheduleWithFixedDelay(idle::poll, 5, 5, TimeUnit.SECONDS);
    }
    if (router.config().router().target(dev.ccr.config.RouterConfig.LONG_CONTEXT) != null) {
      // Routing counts tokens on every request: load the tokenizer now, beside the first requests, not in their way.
      Thread preload = new Thread(dev.ccr.routing.TokenCounter::preload, "ccr-tokenizer-preload");
      preload.setDaemon(true);
      preload.setPriority(Thread.MIN_PRIORITY);
      preload.start();
    }
    log.info("ccr {} listening on http://{}:{} ({} threads)", Version.VALUE, host, s.port(),
        Threads.virtual() ? "virtual" : "platform");
    return s;
  }

  /**
   * Why {@code config} must not serve a listener on {@code host}, or null when it may: without
   * {@code APIKEY}, only loopback. The original quietly binds to 127.0.0.1 instead; saying so is
   * better than surprising the user. Start-up and every reload ask this.
   */
  public static String exposure(CcrConfig config, String host) {
    if (config.apiKey() != null || isLoopback(host)) return null;
    return "HOST " + host + " would expose the proxy (and your provider keys) to the network without APIKEY; "
        + "set APIKEY in the config, or use HOST 127.0.0.1";
  }

  /** The address the listener is bound to, as a host string ({@code 0.0.0.0} for every interface). */
  String boundHost() {
    java.net.InetAddress a = server.getAddress().getAddress();
    return a.isAnyLocalAddress() ? "0.0.0.0" : a.getHostAddress();
  }

  static boolean isLoopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** The URL clients use: loopback when the server listens on every interface. */
  public String url() {
    String host = server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1"
        : server.getAddress().getAddress().getHostAddress();
    if (host.contains(":")) host = "[" + host + "]";
    return "http://" + host + ":" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public ClaudeCodeRouter router() {
    return router.get();
  }

  /**
   * Serves {@code next} from now on; requests already running finish on the old router, which is
   * closed a minute later (or when the server stops). False, with {@code next} closed, when the
   * server has stopped.
   */
  public boolean replace(ClaudeCodeRouter next) {
    synchronized (retired) {
      if (stopped) {
        next.close();
        return false;
      }
      ClaudeCodeRouter old = router.getAndSet(next);
      if (old == next) return true;
      retireLater(old);
      return true;
    }
  }

  /** Closes {@code old} a minute from now, or when the server stops: requests it is serving finish first. */
  private void retireLater(ClaudeCodeRouter old) {
    synchronized (retired) {
      if (stopped) {
        old.close();
        return;
      }
      retired.add(old);
      housekeeping.schedule(() -> retire(old), 60, TimeUnit.SECONDS);
    }
  }

  private void retire(ClaudeCodeRouter old) {
    synchronized (retired) {
      if (!retired.remove(old)) return;
    }
    old.close();
  }

  /**
   * Reloads the config when {@code file} changes on disk (checked every {@code every}). The new
   * config is checked in full first; an invalid one, or one that would leave a listener beyond
   * loopback without {@code APIKEY}, keeps the old running and logs why.
   */
  public void watch(Path file, Duration every, java.util.function.Function<Path, ClaudeCodeRouter> build) {
    ConfigWatch w = new ConfigWatch(this, file, build);
    configWatch = w;
    management.watch(w); // the management API saves to the file this server reloads
    housekeeping.scheduleWithFixedDelay(w::poll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Serves each preset installed in {@code store} at {@code /preset/<name>/}, with a router from
   * {@code build}, and looks at the presets folder every {@code every} for new, changed and deleted
   * presets. The presets there now are served when this returns.
   */
  public void watchPresets(dev.ccr.server.preset.PresetStore store, Duration every,
      java.util.function.Function<CcrConfig, ClaudeCodeRouter> build) {
    presets.serve(store, build, this::retireLater);
    presets.poll(router.get());
    housekeeping.scheduleWithFixedDelay(() -> {
      try {
        presets.poll(router.get());
      } catch (RuntimeException e) { // a failed look must not end the timer
        log.warn("Cannot look at the presets in {}: {}", store.folder(), e.toString());
      }
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The presets being served, for tests that look at the folder themselves instead of waiting for the timer. */
  PresetRouters presets() {
    return presets;
  }

  /** The management endpoints, for tests that point them at their own logs folder. */
  ManagementApi management() {
    return management;
  }

  /** The running watch, for tests that look at the file themselves instead of waiting for the timer. */
  ConfigWatch configWatch() {
    return configWatch;
  }

  /**
   * Refuses new exchanges, lets the running ones finish for up to {@code grace}, then closes: at
   * once when nothing runs.
   */
  public void stop(Duration grace) {
    synchronized (retired) {
      stopped = true; // from here a reload still running closes what it built instead of serving it
    }
    housekeeping.shutdownNow();
    RequestFeed.endAll(router.get().usage()); // live usage feeds never finish by themselves
    try {
      if (!inFlight.drain(grace) && !grace.isZero()) {
        log.warn("Stopping with unfinished requests ({}) after {}", inFlight.running(), grace);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop(0);
    executor.shutdownNow();
    java.util.List<ClaudeCodeRouter> toClose;
    synchronized (retired) {
      toClose = new java.util.ArrayList<>(retired);
      retired.clear();
    }
    toClose.forEach(ClaudeCodeRouter::close);
    presets.close();
    router.get().close();
  }

  @Override
  public void close() {
    stop(Duration.ZERO);
  }
}
