package dev.ccr.server;

import com.sun.net.httpserver.HttpExchange;
import dev.ccr.CcrException;
import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.internal.Redaction;
import dev.ccr.json.Json;
import dev.ccr.json.Json5;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/config}: the file as written, {@code $VAR}s as references and literal secrets as
 * {@code <redacted>}. {@code POST /api/config}: a whole config (JSON or JSON5), where a secret sent
 * back as {@code <redacted>} keeps the stored one; checked as {@code ccr validate} checks a file,
 * then backed up, written atomically and reloaded. {@code ?dryRun=true} checks and lists the changes only.
 */
final class ConfigEndpoint {
  private static final Logger log = LoggerFactory.getLogger(ConfigEndpoint.class);
  static final int BACKUPS_KEPT = 3;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

  private final ReentrantLock saving = new ReentrantLock(); // saves one at a time: no lost update, no torn file
  private final Clock clock;
  private long lastStamp;

  ConfigEndpoint() {
    this(Clock.systemUTC());
  }

  ConfigEndpoint(Clock clock) {
    this.clock = clock;
  }

  void get(HttpExchange ex, Path file, ClaudeCodeRouter router) throws IOException {
    // no file yet (a server on the sample config): the config it runs, which a save then writes there
    JsonObject tree = file == null || !Files.exists(file) ? router.config().raw() : stored(file);
    if (tree == null) {
      throw new CcrException(409, "invalid_request_error", "the config file " + file + " does not parse; fix it with ccr validate");
    }
    ex.getResponseHeaders().set("ETag", etag(file, router.config().raw()));
    JsonReplies.send(ex, 200, Redaction.redact(tree));
  }

  /**
   * A digest of what a save would replace: the file's bytes, or the running config when there is no
   * file yet. A POST with an {@code If-Match} of another value lost a race with another save (412).
   */
  static String etag(Path file, JsonObject running) throws IOException {
    byte[] content = file != null && Files.exists(file) ? Files.readAllBytes(file)
        : Json.write(running == null ? JsonObject.of() : running).getBytes(StandardCharsets.UTF_8);
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(content);
      return "\"" + java.util.HexFormat.of().formatHex(h, 0, 16) + "\"";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** {@code running} is the config served now: with no file yet, its secrets are the stored ones a mask keeps. */
  void post(HttpExchange ex, Path file, ConfigWatch watch, JsonObject running, byte[] body, String query) throws IOException {
    if (file == null || watch == null) {
      throw new CcrException(409, "invalid_request_error", "this server was started without a config file to save");
    }
    boolean dryRun = query != null && List.of(query.split("&")).contains("dryRun=true");
    JsonValue sent;
    try {
      sent = Json5.parse(new String(body, StandardCharsets.UTF_8), "config");
    } catch (IllegalArgumentException e) {
      refuse(ex, List.of(e.getMessage()), List.of());
      return;
    }
    if (!(sent instanceof JsonObject incoming)) {
      refuse(ex, List.of("config: the configuration must be a JSON object"), List.of());
      return;
    }
    saving.lock();
    try {
      String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
      String current = etag(file, running);
      if (ifMatch != null && !ifMatch.trim().equals("*") && !ifMatch.trim().equals(current)) {
        // 412 Precondition Failed is what HTTP says a failed If-Match answers; scripts that send none are not checked
        throw new CcrException(412, "invalid_request_error", "the config was changed since you loaded it (another save or"
            + " an edit of the file); nothing was saved: load it again and redo your change");
      }
      JsonObject old = Files.exists(file) ? stored(file) : running;
      List<String> problems = new ArrayList<>();
      JsonObject next = (JsonObject) SecretMask.restore(incoming, old, "", problems);
      List<String> changes = SecretMask.changes(old == null ? JsonObject.of() : old, next);
      List<String> warnings = new ArrayList<>();
      if (problems.isEmpty()) problems.addAll(ConfigProblems.of(CcrConfig.check(next, System::getenv), warnings::add));
      if (next.get("STATE") instanceof JsonObject state && state.get("redis") instanceof JsonString redis
          && redis.value().matches("(?s)[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#@]*:[^/?#@$]+@.*")) {
        warnings.add("STATE.redis: holds a literal password; put it in STATE.password as a $VAR (\"$REDIS_PASSWORD\")");
      }
      if (!problems.isEmpty()) {
        refuse(ex, problems, changes);
        return;
      }
      JsonObject.Builder answer = JsonObject.builder().put("success", true).put("changes", strings(changes))
          .put("warnings", strings(warnings));
      if (dryRun) {
        JsonReplies.send(ex, 200, answer.put("message", "valid; nothing was saved (dry run)").build());
        return;
      }
      Path backup = backup(file);
      write(file, Json.writePretty(next) + "\n");
      ConfigWatch.Result reloaded = watch.reload();
      log.info("Config saved through the API ({} changes){}", changes.size(), backup == null ? "" : ", backup " + backup.getFileName());
      ex.getResponseHeaders().set("ETag", etag(file, null));
      JsonReplies.send(ex, 200, answer.put("message", "Config saved successfully")
          .put("backup", backup == null ? "" : backup.getFileName().toString())
          .put("reloaded", reloaded == ConfigWatch.Result.RELOADED).build());
    } finally {
      saving.unlock();
    }
  }

  /** 400 with every problem, in Anthropic's error shape plus the list; the file is not touched. */
  private static void refuse(HttpExchange ex, List<String> problems, List<String> changes) throws IOException {
    String n = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    JsonReplies.send(ex, 400, JsonObject.builder().put("type", "error")
        .put("error", JsonObject.builder().put("type", "invalid_request_error")
            .put("message", "the config has " + n + "; nothing was saved").build())
        .put("problems", strings(problems)).put("changes", strings(changes)).build());
  }

  /** The file's tree, or null when it is missing or does not parse. */
  static JsonObject stored(Path file) {
    try {
      return Json5.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()) instanceof JsonObject o ? o : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Copies the file to {@code <file>.<UTC time>.bak} beside it, then keeps the newest three. */
  private Path backup(Path file) throws IOException {
    if (!Files.exists(file)) return null;
    long now = Math.max(clock.millis(), lastStamp + 1); // two saves in one millisecond still get two names, in order
    lastStamp = now;
    Path backup = file.resolveSibling(file.getFileName() + "." + STAMP.format(java.time.Instant.ofEpochMilli(now)) + ".bak");
    // owner-only whatever the original's mode: a backup holds the same keys and lingers
    Files.deleteIfExists(backup);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(backup, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(backup, Files.readAllBytes(file));
    } else {
      Files.copy(file, backup);
    }
    List<Path> all = backups(file);
    for (int i = 0; i < all.size() - BACKUPS_KEPT; i++) Files.deleteIfExists(all.get(i));
    return backup;
  }

  /** The backups of {@code file}, oldest first (the names sort by time). */
  static List<Path> backups(Path file) throws IOException {
    String prefix = file.getFileName() + ".";
    Path dir = file.toAbsolutePath().getParent();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith(prefix) && n.endsWith(".bak")
            && n.substring(prefix.length(), n.length() - 4).matches("\\d{8}-\\d{6}-\\d{3}");
      }).sorted().toList();
    }
  }

  /** Writes beside the file, then moves over it: a reader sees the old file or the new one, never half of one. */
  private static void write(Path file, String text) throws IOException {
    Path dir = Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp"); // owner-only, as a file of keys should be
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static JsonArray strings(List<String> values) {
    return JsonArray.of(values.stream().map(JsonString::of).toList());
  }
}
