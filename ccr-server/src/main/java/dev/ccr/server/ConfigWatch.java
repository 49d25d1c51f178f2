package dev.ccr.server;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config file when it changes on disk. A new config is used only when it is valid in
 * full and would not expose the running listener: a file saved without {@code APIKEY} while the
 * server listens beyond loopback is refused like any invalid config, and the old one keeps serving.
 */
final class ConfigWatch {
  private static final Logger log = LoggerFactory.getLogger(ConfigWatch.class);

  /** What one look at the file did. */
  enum Result { UNCHANGED, RELOADED, KEPT_OLD }

  private final CcrServer server;
  private final Path file;
  private final Function<Path, ClaudeCodeRouter> build;
  private long[] seen;
  private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();

  ConfigWatch(CcrServer server, Path file, Function<Path, ClaudeCodeRouter> build) {
    this.server = server;
    this.file = file;
    this.build = build;
    this.seen = stamp(file);
  }

  /** Looks at the file once; reloads when its time or size changed since the last look. */
  Result poll() {
    lock.lock(); // a lock, not synchronized: building a router reads files and jars (virtual threads would pin)
    try {
      return pollLocked();
    } finally {
      lock.unlock();
    }
  }

  /** Reloads now, however the file looks: a save through the API is picked up before the API answers. */
  Result reload() {
    lock.lock();
    try {
      seen = null;
      return pollLocked();
    } finally {
      lock.unlock();
    }
  }

  Path file() {
    return file;
  }

  private Result pollLocked() {
    long[] now = stamp(file);
    if (Arrays.equals(now, seen)) return Result.UNCHANGED;
    seen = now;
    ClaudeCodeRouter next;
    try {
      next = build.apply(file);
    } catch (ConfigException e) {
      log.warn("Kept the running config: {} has problems: {}", file, String.join("; ", e.problems()));
      return Result.KEPT_OLD;
    } catch (RuntimeException e) {
      log.warn("Kept the running config: cannot use {}: {}", file, e.toString());
      return Result.KEPT_OLD;
    }
    String exposed = CcrServer.exposure(next.config(), server.boundHost());
    if (exposed != null) {
      next.close();
      log.warn("Kept the running config: {} has no APIKEY while ccr listens beyond loopback: {}", file, exposed);
      return Result.KEPT_OLD;
    }
    CcrConfig old = server.router().config();
    String listenChange = listenChange(old, next.config());
    if (listenChange != null) log.warn("{}", listenChange);
    if (old.log() != next.config().log() || !java.util.Objects.equals(old.logLevel(), next.config().logLevel())) {
      // The log's handlers are set once at start-up; swapping them under running requests is not worth a lost line.
      log.warn("LOG/LOG_LEVEL changed in {}; the log keeps its settings until ccr restart", file);
    }
    if (!java.util.Objects.equals(old.resolved().get("STATE"), next.config().resolved().get("STATE"))) {
      // The state store (Redis connection, shared cache) is built once at start; never log its settings: they hold a password.
      log.warn("STATE changed in {}; STATE changes need ccr restart (the running state store is kept until then)", file);
    }
    if (!server.replace(next)) return Result.KEPT_OLD; // the server stopped meanwhile
    log.info("Reloaded {}", file);
    return Result.RELOADED;
  }

  /**
   * What a changed HOST or PORT means, or null when neither changed. It names the address the socket
   * is bound to (as the reload refusal does: {@code 0.0.0.0}, not the loopback URL a client would use).
   */
  private String listenChange(CcrConfig old, CcrConfig next) {
    boolean host = !old.host().equals(next.host());
    boolean port = old.port() != next.port();
    if (!host && !port) return null;
    String bound = server.boundHost();
    String listening = (bound.contains(":") ? "[" + bound + "]" : bound) + ":" + server.port();
    String what = host && port ? "HOST and PORT" : host ? "HOST" : "PORT";
    String was = host && port ? old.host() + ":" + old.port() + " -> " + next.host() + ":" + next.port()
        : host ? old.host() + " -> " + next.host() : old.port() + " -> " + next.port();
    String pending = host && port ? "HOST " + next.host() + " and PORT " + next.port() + " need"
        : host ? "HOST " + next.host() + " needs" : "PORT " + next.port() + " needs";
    return what + " changed in " + file + " (" + was + "); ccr keeps listening on " + listening + ": "
        + pending + " `ccr restart`";
  }

  private static long[] stamp(Path file) {
    try {
      return new long[] {Files.getLastModifiedTime(file).toMillis(), Files.size(file)};
    } catch (IOException e) {
      return new long[] {-1, -1};
    }
  }
}
