package dev.ccr.server.cli;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.server.CcrServer;
import dev.ccr.server.preset.PresetStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ccr start}: serves in this process until Ctrl-C, or in the background with {@code --daemon}. */
@Command(name = "start", description = "Run the proxy (in the background with --daemon).")
final class StartCommand extends CcrCommand {
  static final Duration START_WAIT = Duration.ofSeconds(30);
  /** How long a stopping server lets running requests finish. */
  static final Duration DRAIN = Duration.ofSeconds(10);

  @Mixin ServerOptions options = new ServerOptions();

  @Option(names = "--daemon", description = "Start in the background and return once it answers.")
  boolean daemon;

  // Set by the process that spawns a background server: this one writes the PID file once it listens.
  @Option(names = "--register", hidden = true)
  boolean register;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (daemon) return background(options, out());
    CcrServer server = serve(options, out(), err());
    if (server == null) return 1;
    // A foreground server is registered too (unless another one is), so that `ccr code`, `status` and
    // `stop` in another terminal find it instead of failing on its port.
    if (register || Daemon.running().isEmpty()) Daemon.register(server.url());
    // The server's dispatcher thread keeps the JVM alive; Ctrl-C or SIGTERM stops it gracefully.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(DRAIN), "ccr-shutdown"));
    return -1;
  }

  /** Starts a background server unless one runs; says where it is and what to do next. */
  static int background(ServerOptions options, PrintWriter out) throws IOException, InterruptedException {
    Optional<Daemon.Running> running = Daemon.running();
    if (running.isPresent()) {
      out.println("ccr is already running (PID " + running.get().pid() + ") at " + running.get().url());
      return 0;
    }
    // The background server's warnings go to its log: say them here, where the user is looking.
    try {
      ConfigFiles.load(options.config.file, new PrintWriter(java.io.Writer.nullWriter())).config().warnings()
          .forEach(w -> out.println("ccr: warning: " + w));
    } catch (dev.ccr.ConfigException e) {
      // the server says what is wrong when it refuses to start
    }
    Daemon.Running r = Daemon.spawn(options.arguments(), START_WAIT);
    out.println("ccr is running in the background (PID " + r.pid() + ") at " + r.url());
    Path config = options.config.path();
    out.println(Files.exists(config) ? "Config: " + config
        : "Config: the sample shipped with ccr (no " + config + "; `ccr init` writes a starter there)");
    out.println("Next: `ccr code` runs Claude Code through it; `ccr stop` stops it.");
    return 0;
  }

  /** Starts serving as {@code options} say; null (having said why) when it cannot listen. */
  /** Builds the router for a changed config file on the server's ledger, so usage figures survive the reload. */
  static java.util.function.Function<Path, ClaudeCodeRouter> reloader(dev.ccr.usage.UsageLedger usage) {
    return reloader(usage, null);
  }

  /** As above, on the server's state store too (null: each router keeps its own). */
  static java.util.function.Function<Path, ClaudeCodeRouter> reloader(dev.ccr.usage.UsageLedger usage,
      dev.ccr.state.StateStore state) {
    return reloader(usage, state, ServerCache.of(state));
  }

  /** As above, every router caching in {@code cache}: cached answers and their counts survive a reload. */
  static java.util.function.Function<Path, ClaudeCodeRouter> reloader(dev.ccr.usage.UsageLedger usage,
      dev.ccr.state.StateStore state, ServerCache cache) {
    return f -> router(CcrConfig.load(f), usage, state, cache);
  }

  /** The response cache's store and counters for the server's life: the state store's when it holds one, else in memory. */
  record ServerCache(dev.ccr.cache.CacheStore store, dev.ccr.cache.CacheCounters counters) {
    static ServerCache of(dev.ccr.state.StateStore state) {
      // Bounded by each router's caching.maxCacheSize as it is built.
      return new ServerCache(state instanceof dev.ccr.cache.CacheStore c ? c
          : new dev.ccr.cache.MemoryCacheStore(Long.MAX_VALUE, java.time.Instant::now), new dev.ccr.cache.CacheCounters());
    }
  }

  /** A router on the server's ledger and state store, whose cache lives there too when it can hold one. */
  static ClaudeCodeRouter router(CcrConfig config, dev.ccr.usage.UsageLedger usage, dev.ccr.state.StateStore state) {
    return ClaudeCodeRouter.builder().config(config).usage(usage).state(state)
        .cacheStore(state instanceof dev.ccr.cache.CacheStore c ? c : null).build();
  }

  static ClaudeCodeRouter router(CcrConfig config, dev.ccr.usage.UsageLedger usage, dev.ccr.state.StateStore state,
      ServerCache cache) {
    return ClaudeCodeRouter.builder().config(config).usage(usage).state(state)
        .cacheStore(cache.store()).cacheCounters(cache.counters()).build();
  }

  static CcrServer serve(ServerOptions options, PrintWriter out, PrintWriter err) {
    ConfigFiles.Loaded loaded = ConfigFiles.load(options.config.file, err);
    CcrConfig config = loaded.config();
    config.warnings().forEach(w -> err.println("ccr: warning: " + w));
    ConfigFiles.check(config);
    try {
      Path logs = Logs.configure(config);
      if (logs != null) out.println("ccr: logging to " + logs);
    } catch (IOException e) {
      err.println("ccr: cannot write log files: " + e.getMessage());
    }
    String host = options.host != null ? options.host : config.host();
    int port = options.port != null ? options.port : config.port();
    // One ledger for the server's life: usage figures survive a config reload.
    dev.ccr.usage.UsageLedger usage = dev.ccr.usage.UsageLedger.forConfig(config, java.time.Instant.now());
    // One state store too: shared through Redis when STATE.redis says so, else this process's own.
    dev.ccr.state.StateStore state = dev.ccr.server.state.StateStores.forConfig(config, java.time.Instant::now);
    ServerCache cache = ServerCache.of(state);
    ClaudeCodeRouter router = router(config, usage, state, cache);
    CcrServer server;
    try {
      server = CcrServer.start(router, host, port); // logs "listening on"
    } catch (IOException e) {
      router.close();
      state.close();
      Optional<Daemon.Running> running = Daemon.running();
      if (running.isPresent() && running.get().url().endsWith(":" + port)) {
        err.println("ccr is already running in the background (PID " + running.get().pid() + ") at "
            + running.get().url() + "; `ccr stop` stops it, or give another --port");
      } else {
        err.println("ccr: cannot listen on " + host + ":" + port + ": " + e.getMessage());
      }
      return null;
    } catch (ConfigException e) {
      router.close();
      state.close();
      throw e;
    }
    // On the sample, the default file is watched too: the one `ccr init` writes is picked up without a restart.
    Path watched = loaded.file() != null ? loaded.file() : CcrConfig.defaultPath();
    if (loaded.file() != null) out.println("ccr: config " + loaded.file() + " (reloaded when it changes)");
    server.watch(watched, Duration.ofSeconds(1), reloader(usage, state, cache));
    // Presets share the server's ledger: their requests count in /api/usage, /metrics and the budgets.
    server.watchPresets(new PresetStore(CcrConfig.home()), Duration.ofSeconds(1), c -> {
      ConfigFiles.check(c);
      return router(c, usage, state);
    });
    out.println("ccr: next, run `ccr code` in another terminal to use Claude Code through " + server.url());
    return server;
  }
}
