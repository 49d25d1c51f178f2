package dev.ccr.project;

import dev.ccr.engine.Clock;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Claude Code's transcripts, {@code ~/.claude/projects/<project-folder>/<sessionId>.jsonl}: which
 * project folder a session belongs to, and the working directory the transcript records.
 */
public final class ClaudeTranscripts {
  /** Session ids become file names: anything but a plain id is never looked up (no {@code ../}). */
  private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
  private static final int MAX_HEAD_BYTES = 1 << 20;
  private static final int MAX_HEAD_LINES = 64;

  private final Path projects;
  private final Clock clock;
  private final long refreshNanos;
  private final Executor refresher;
  /** The project folders' names, listed once and then refreshed off the request thread. */
  private volatile FolderIndex index;
  private final AtomicBoolean refreshing = new AtomicBoolean();

  private record FolderIndex(List<String> folders, long takenAt) {}

  /**
   * The transcripts under {@code claudeHome/projects}; the list of project folders is refreshed on
   * {@code refresher} when it is older than {@code refreshMs} by {@code clock}.
   */
  ClaudeTranscripts(Path claudeHome, Clock clock, long refreshMs, Executor refresher) {
    this.projects = claudeHome.resolve("projects");
    this.clock = clock;
    this.refreshNanos = TimeUnit.MILLISECONDS.toNanos(refreshMs);
    this.refresher = refresher;
  }

  /** Claude Code's folder: {@code CLAUDE_CONFIG_DIR}, else {@code $HOME/.claude}, else the JVM's {@code user.home}. */
  public static Path claudeHome(Function<String, String> env) {
    String dir = env.apply("CLAUDE_CONFIG_DIR");
    if (dir != null && !dir.isBlank()) return Path.of(dir);
    String home = env.apply("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".claude");
  }

  /** The name Claude Code gives a project's folder of transcripts: its path with every other character than a letter or digit a '-'. */
  public static String folderName(Path projectDir) {
    String path = projectDir.toAbsolutePath().normalize().toString();
    StringBuilder sb = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      sb.append(c < 128 && Character.isLetterOrDigit(c) ? c : '-');
    }
    return sb.toString();
  }

  static boolean isPlainId(String sessionId) {
    return sessionId != null && SESSION_ID.matcher(sessionId).matches();
  }

  /**
   * The project folder holding {@code <sessionId>.jsonl}: the one Claude Code names for {@code workDir}
   * when it holds it (one file look, no listing), else the first in name order of the folders known;
   * null when none does, or the id is not a plain one. A folder made since the last listing is seen
   * once the listing is refreshed, which never happens on the caller's thread after the first.
   */
  String folderOf(String sessionId, Path workDir) {
    if (!isPlainId(sessionId)) return null;
    if (workDir != null) {
      String named = folderName(workDir);
      if (Files.isRegularFile(projects.resolve(named).resolve(sessionId + ".jsonl"))) return named;
    }
    for (String folder : folders()) {
      if (Files.isRegularFile(projects.resolve(folder).resolve(sessionId + ".jsonl"))) return folder;
    }
    return null;
  }

  private List<String> folders() {
    FolderIndex current = index;
    if (current == null) { // the first lookup lists the folder itself: there is nothing to look in yet
      current = list();
      index = current;
    } else if (clock.nanoTime() - current.takenAt() - refreshNanos > 0 && refreshing.compareAndSet(false, true)) {
      try {
        refresher.execute(() -> {
          try {
            index = list();
          } finally {
            refreshing.set(false);
          }
        });
      } catch (RuntimeException e) { // a refresher that refuses work: keep the list there is
        refreshing.set(false);
      }
    }
    return current.folders();
  }

  private FolderIndex list() {
    long now = clock.nanoTime();
    List<String> folders = new ArrayList<>();
    if (Files.isDirectory(projects)) {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(projects, Files::isDirectory)) {
        dirs.forEach(d -> folders.add(d.getFileName().toString()));
      } catch (IOException | java.io.UncheckedIOException e) {
        // unreadable now: no folders, and another look at the next refresh
      }
    }
    folders.sort(null);
    return new FolderIndex(List.copyOf(folders), now);
  }

  /** The {@code cwd} the session's transcript records (from its first lines), or null. */
  Path cwd(String folder, String sessionId) {
    Path file = projects.resolve(folder).resolve(sessionId + ".jsonl");
    try (InputStream in = Files.newInputStream(file);
        BufferedReader r = new BufferedReader(new InputStreamReader(new BoundedInput(in, MAX_HEAD_BYTES), StandardCharsets.UTF_8))) {
      String line;
      for (int n = 0; n < MAX_HEAD_LINES && (line = r.readLine()) != null; n++) {
        if (!line.contains("\"cwd\"")) continue;
        try {
          JsonValue v = Json.parse(line);
          String cwd = v instanceof JsonObject o ? o.getString("cwd") : null;
          if (cwd != null) {
            Path p = Path.of(cwd);
            if (p.isAbsolute()) return p.normalize();
          }
        } catch (IllegalArgumentException e) {
          // a line cut at the byte limit, one that is not JSON, or a cwd that is no path: look at the next
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  /** Reads no more than {@code limit} bytes of the stream: a transcript can be large, its head is enough. */
  private static final class BoundedInput extends java.io.FilterInputStream {
    private long left;

    BoundedInput(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) return -1;
      int b = super.read();
      if (b >= 0) left--;
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (left <= 0) return -1;
      int n = super.read(buf, off, (int) Math.min(len, left));
      if (n > 0) left -= n;
      return n;
    }
  }
}
