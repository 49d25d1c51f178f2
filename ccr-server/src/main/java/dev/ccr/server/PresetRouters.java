package dev.ccr.server;

import dev.ccr.CcrException;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.server.preset.Preset;
import dev.ccr.server.preset.PresetConfigs;
import dev.ccr.server.preset.PresetStore;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed presets a server answers for: {@code /preset/<name>/...} is served by that preset's
 * own router (its providers, Router and transformers) in the same process, behind the server's
 * APIKEY. The presets folder is looked at like the config file: a changed preset is rebuilt, a
 * broken one keeps the old serving (and the log says why), a deleted one stops answering.
 */
final class PresetRouters {
  private static final Logger log = LoggerFactory.getLogger(PresetRouters.class);
  static final String PREFIX = "/preset/";

  /** The router a request is for and the path it asks that router for. */
  record Scope(ClaudeCodeRouter router, String path) {}

  /** A preset being served: its router, the files it was built from, and the server APIKEY it was built with. */
  private record Served(ClaudeCodeRouter router, List<Long> stamp, String serverKey) {}

  private final Map<String, Served> served = new ConcurrentHashMap<>();
  /** What each preset's files looked like when last read, served or not: a broken preset is not re-read every second. */
  private final Map<String, List<Long>> seen = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private volatile PresetStore store;
  private volatile Function<CcrConfig, ClaudeCodeRouter> build;
  private volatile Consumer<ClaudeCodeRouter> retire;

  /**
   * Starts serving the presets in {@code store}, each built by {@code build}; a router a change
   * replaced goes to {@code retire}, which closes it once the requests it serves are done.
   */
  void serve(PresetStore store, Function<CcrConfig, ClaudeCodeRouter> build, Consumer<ClaudeCodeRouter> retire) {
    this.build = build;
    this.retire = retire;
    this.store = store;
  }

  /**
   * Which router serves {@code path}: the main one, or for {@code /preset/<name>/rest} that preset's,
   * asked for {@code /rest}. A preset not served (yet: the watcher picks a new one up) is a 404. The
   * caller has checked the server's APIKEY first.
   */
  Scope scope(String path, ClaudeCodeRouter main) {
    if (!path.startsWith(PREFIX)) return new Scope(main, path);
    int slash = path.indexOf('/', PREFIX.length());
    String name = slash < 0 ? path.substring(PREFIX.length()) : path.substring(PREFIX.length(), slash);
    String rest = within(path);
    // never the folder from here (the watcher looks at it): a request, even a refused one, costs no listing
    Served s = served.get(name);
    if (s != null && !Objects.equals(s.serverKey(), main.config().apiKey())) {
      s = rebuildFor(name, main); // the server's APIKEY changed: the preset must not keep the old one
    }
    if (s == null) {
      throw new CcrException(404, "not_found_error", "no preset named \"" + name + "\" is installed here (ccr preset list)");
    }
    return new Scope(s.router(), rest);
  }

  /** The path a request asks its router for: {@code /rest} of {@code /preset/<name>/rest}, any other path itself. */
  static String within(String path) {
    if (!path.startsWith(PREFIX)) return path;
    int slash = path.indexOf('/', PREFIX.length());
    return slash < 0 ? "/" : path.substring(slash);
  }

  /** Looks at the presets folder once: builds new and changed presets, drops deleted ones. */
  void poll(ClaudeCodeRouter main) {
    PresetStore st = store;
    if (st == null) return;
    lock.lock(); // a lock, not synchronized: building reads files and jars
    try {
      Set<String> present = new HashSet<>(st.names());
      for (String name : Set.copyOf(served.keySet())) {
        if (!present.contains(name)) {
          Served gone = served.remove(name);
          if (gone != null) retire.accept(gone.router());
          log.info("Preset {} was removed; /preset/{}/ no longer answers", name, name);
        }
      }
      seen.keySet().retainAll(present);
      for (String name : present) {
        List<Long> stamp = st.stamp(name);
        Served s = served.get(name);
        boolean sameKey = s == null || Objects.equals(s.serverKey(), main.config().apiKey());
        if (stamp.equals(seen.get(name)) && sameKey) continue;
        seen.put(name, stamp);
        load(st, name, stamp, main);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The names being served, for tests and the log. */
  Set<String> names() {
    return Set.copyOf(served.keySet());
  }

  void close() {
    lock.lock();
    try {
      served.values().forEach(s -> s.router().close());
      served.clear();
      store = null;
    } finally {
      lock.unlock();
    }
  }

  private Served rebuildFor(String name, ClaudeCodeRouter main) {
    PresetStore st = store;
    lock.lock();
    try {
      Served s = served.get(name);
      if (s == null || Objects.equals(s.serverKey(), main.config().apiKey())) return s;
      served.remove(name);
      retire.accept(s.router());
      return st == null ? null : load(st, name, st.stamp(name), main);
    } finally {
      lock.unlock();
    }
  }

  private Served load(PresetStore st, String name, List<Long> stamp, ClaudeCodeRouter main) {
    Served old = served.get(name);
    String serverKey = main.config().apiKey();
    ClaudeCodeRouter router;
    try {
      Preset preset = st.find(name).orElseThrow(() -> new ConfigException("its manifest.json is gone"));
      // the inputs file, then (a preset the original installed) the manifest's userValues: PresetConfigs reads both
      CcrConfig.Checked read = PresetConfigs.check(preset, st.inputs(name), System::getenv, serverKey);
      if (!read.problems().isEmpty()) throw new ConfigException(read.problems());
      read.config().warnings().forEach(w -> log.warn("Preset {}: {}", name, w));
      router = build.apply(read.config());
    } catch (ConfigException e) {
      warn(name, old, String.join("; ", e.problems()));
      return old;
    } catch (RuntimeException e) {
      warn(name, old, e.toString());
      return old;
    }
    Served next = new Served(router, stamp, serverKey);
    served.put(name, next);
    if (old != null) retire.accept(old.router());
    log.info("{} preset {} at /preset/{}/v1/messages", old == null ? "Serving" : "Reloaded", name, name);
    return next;
  }

  private static void warn(String name, Served old, String why) {
    if (old != null) log.warn("Kept the running preset {}: its new files have problems: {}", name, why);
    else log.warn("Preset {} is not served: {}", name, why);
  }
}
