package dev.ccr.project;

import dev.ccr.config.CcrConfig;
import dev.ccr.config.RouteTarget;
import dev.ccr.config.RouterConfig;
import dev.ccr.engine.Clock;
import dev.ccr.internal.LogText;
import dev.ccr.json.Json5;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessagesRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Router table for a request's project and session. From the config's own table:
 * <ol>
 *   <li>the project's {@code .claude-code-router/config.json}, in the folder the request says Claude
 *       Code runs in (or its transcript records), has its {@code Router} keys laid over the config's
 *       one by one;
 *   <li>as the original router does, {@code ~/.claude-code-router/<project-folder>/config.json}, and
 *       before it {@code ~/.claude-code-router/<project-folder>/<sessionId>.json}, replace the table
 *       with their {@code Router} (the folder is the one of Claude Code's transcripts, {@code
 *       ~/.claude/projects/<project-folder>/<sessionId>.jsonl}); the user's own files win over the
 *       project's shared one, which is then not used. A replacing table without a usable {@code
 *       default} keeps the config's.
 * </ol>
 * These files are found from what a request says, so none is read like the config: a {@code $VAR}
 * is never filled from ccr's environment, and targets are checked as an explicit route is ({@link
 * CcrConfig#requestRouterTable}). What is found, and what is not, is remembered for {@link #TTL_MS},
 * so a new session's files are seen soon and the disk is not read on every request.
 */
public final class ProjectTables {
  private static final Logger log = LoggerFactory.getLogger(ProjectTables.class);
  /** How long a lookup, found or not, is remembered. */
  public static final long TTL_MS = 5_000;
  private static final int MAX_ENTRIES = 1_000;
  private static final String LONG_CONTEXT_THRESHOLD = "longContextThreshold";
  /** The project's own file, relative to its folder. */
  public static final String PROJECT_FILE = ".claude-code-router/config.json";

  private final CcrConfig config;
  private final Path ccrHome;
  private final ClaudeTranscripts transcripts;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<String, CachedTable> cache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, CachedTable> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  private record CachedTable(ProjectTable table, long expiresAt) {}

  /**
   * Tables for {@code config}: the original's files under {@code ccrHome}, transcripts under {@code
   * claudeHome}; {@code clock} times the cache. {@code $VAR}s in these files are never filled: they
   * are not the config owner's text.
   */
  public ProjectTables(CcrConfig config, Path ccrHome, Path claudeHome, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.ccrHome = Objects.requireNonNull(ccrHome, "ccrHome");
    // The folder list is refreshed on a pool thread, so a request never waits for a directory listing after the first.
    this.transcripts = new ClaudeTranscripts(claudeHome, clock, TTL_MS, java.util.concurrent.ForkJoinPool.commonPool());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The table for {@code request} of {@code sessionId} (null when unknown). */
  public ProjectTable lookup(MessagesRequest request, String sessionId) {
    Path workDir = WorkingDirectory.of(request);
    String session = ClaudeTranscripts.isPlainId(sessionId) ? sessionId : null;
    if (workDir == null && session == null) return new ProjectTable(config.router(), null, List.of());
    String key = (session == null ? "" : session) + "\n" + (workDir == null ? "" : workDir);
    long now = clock.nanoTime();
    lock.lock();
    try {
      CachedTable e = cache.get(key);
      if (e != null && now - e.expiresAt() < 0) return e.table();
    } finally {
      lock.unlock();
    }
    ProjectTable found = find(workDir, session); // outside the lock: it reads the disk
    lock.lock();
    try {
      cache.put(key, new CachedTable(found, now + TimeUnit.MILLISECONDS.toNanos(TTL_MS)));
    } finally {
      lock.unlock();
    }
    return found;
  }

  private ProjectTable find(Path workDir, String session) {
    String folder = session == null ? null : transcripts.folderOf(session, workDir);
    Path dir = workDir != null ? workDir : folder == null ? null : transcripts.cwd(folder, session);
    String project = dir != null ? dir.toString() : folder;
    List<String> problems = new ArrayList<>();
    RouterConfig table = null;
    String source = null;
    if (folder != null) { // the user's own files replace the table, so the project's shared one would have no effect
      for (Path file : List.of(ccrHome.resolve(folder).resolve(session + ".json"), ccrHome.resolve(folder).resolve("config.json"))) {
        JsonObject router = routerIn(file);
        if (router == null) continue;
        table = replacing(config, router, problems);
        source = file + " (in place of the config's Router)";
        break;
      }
    }
    if (table == null && dir != null) {
      Path own = dir.resolve(PROJECT_FILE);
      JsonObject router = routerIn(own);
      if (router != null) {
        List<String> bad = new ArrayList<>();
        table = laidOver(config, router, bad);
        bad.forEach(b -> problems.add(own + ": " + b));
        source = own + " (over the config's Router)";
      }
    }
    if (table == null) return new ProjectTable(config.router(), project, List.of());
    if (!problems.isEmpty()) {
      log.warn("The Router table from {} has problems; those entries are left out: {}", LogText.escaped(source),
          LogText.escaped(problems.toString())); // the folder's path and the entries are the request's or a repository's text
    }
    return new ProjectTable(table, project, List.of(source));
  }

  /**
   * The config's Router table with a project's {@code Router} entries laid over it one by one; an
   * entry with a problem (added to {@code problems}) leaves the config's own in place. The entries
   * are read as a file a request led to is ({@link CcrConfig#requestRouterTable}): no {@code $VAR}.
   */
  public static RouterConfig laidOver(CcrConfig config, JsonObject router, List<String> problems) {
    RouterConfig base = config.router();
    Map<String, RouteTarget> targets = new LinkedHashMap<>(base.targets());
    int threshold = base.longContextThreshold();
    JsonObject raw = base.raw();
    for (Map.Entry<String, JsonValue> m : router.members().entrySet()) {
      List<String> bad = new ArrayList<>();
      RouterConfig one = config.requestRouterTable(JsonObject.of(Map.of(m.getKey(), m.getValue())), bad);
      if (!bad.isEmpty()) {
        problems.addAll(bad);
        continue;
      }
      raw = raw.with(m.getKey(), m.getValue());
      if (m.getKey().equals(LONG_CONTEXT_THRESHOLD)) threshold = one.longContextThreshold();
      else if (one.target(m.getKey()) != null) targets.put(m.getKey(), one.target(m.getKey()));
      else targets.remove(m.getKey()); // "" or null turns the scenario off, as in the config
    }
    return new RouterConfig(targets, threshold, raw);
  }

  /**
   * The original's per-project or per-session table in place of the config's; without a usable
   * {@code default} (none, or one with a problem) it keeps the config's.
   */
  private static RouterConfig replacing(CcrConfig config, JsonObject router, List<String> problems) {
    RouterConfig table = config.requestRouterTable(router, problems);
    RouteTarget d = config.router().defaultTarget();
    if (table.defaultTarget() != null || d == null) return table;
    Map<String, RouteTarget> targets = new LinkedHashMap<>(table.targets());
    targets.put(RouterConfig.DEFAULT, d);
    return new RouterConfig(targets, table.longContextThreshold(), table.raw());
  }

  /** The {@code Router} object in {@code file}, or null when there is no such file or no such object (a broken file is logged). */
  private static JsonObject routerIn(Path file) {
    String text;
    try {
      if (!Files.isRegularFile(file)) return null;
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      log.warn("Cannot read {}: {}; the config's Router is used", LogText.escaped(file.toString()), LogText.escaped(e.toString()));
      return null;
    }
    try {
      JsonValue v = Json5.parse(text, file.toString());
      JsonValue router = v instanceof JsonObject o ? (o.has("Router") ? o.get("Router") : o.get("router")) : null;
      if (router instanceof JsonObject r) return r;
      if (router != null && !router.isNull()) {
        log.warn("{}: Router must be an object; the config's Router is used", LogText.escaped(file.toString()));
      }
      return null;
    } catch (IllegalArgumentException e) {
      log.warn("{}; the config's Router is used", LogText.escaped(e.getMessage()));
      return null;
    }
  }
}
