package dev.ccr.server;

import dev.ccr.InvalidRequestException;
import dev.ccr.CcrException;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of the logs folder, for {@code GET /api/logs/files} and {@code GET/DELETE
 * /api/logs?file=NAME}. A name is a plain file name in that folder: a path, {@code ..}, a hidden
 * file or a symbolic link is refused with 400, so no other file's content can be read or cleared.
 */
final class LogFiles {
  /** The lines a read answers with at most: the newest ones. */
  static final int MAX_LINES = 20_000;
  /** The bytes a read looks at at most: the end of the file, so a huge log is never read whole. */
  static final int MAX_BYTES = 4 << 20;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  private final Path folder;

  LogFiles(Path folder) {
    this.folder = folder.toAbsolutePath().normalize();
  }

  /** {@code [{name, size, lastModified}]}, newest first, as the original lists them. */
  JsonArray list() throws IOException {
    if (!Files.isDirectory(folder)) return JsonArray.of();
    List<JsonValue> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path p : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .sorted((a, b) -> Long.compare(modified(b), modified(a))).toList()) {
        out.add(JsonObject.builder().put("name", p.getFileName().toString()).put("size", Files.size(p))
            .put("lastModified", java.time.Instant.ofEpochMilli(modified(p)).toString()).build());
      }
    }
    return JsonArray.of(out);
  }

  /**
   * The file's last lines, as the original answers: a JSON array of strings. Bytes that are not
   * UTF-8 read as U+FFFD (a log may hold anything a provider sent); a line cut by the byte cap is left out.
   */
  JsonArray read(String query) throws IOException {
    Path file = file(query);
    byte[] tail;
    boolean cut;
    try (SeekableByteChannel in = Files.newByteChannel(file, StandardOpenOption.READ)) {
      long size = in.size();
      long from = Math.max(0, size - MAX_BYTES);
      cut = from > 0;
      ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
      in.position(from);
      while (buffer.hasRemaining() && in.read(buffer) >= 0) { /* reads until full or the end */ }
      tail = java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }
    String text = new String(tail, StandardCharsets.UTF_8); // String's decoder replaces malformed input
    if (cut) text = text.substring(text.indexOf('\n') + 1);
    List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
    if (lines.size() > MAX_LINES) lines = lines.subList(lines.size() - MAX_LINES, lines.size());
    return JsonArray.of(lines.stream().map(JsonString::of).toList());
  }

  /** Empties the file (the logger keeps writing to it). */
  JsonObject clear(String query) throws IOException {
    Path file = file(query);
    Files.write(file, new byte[0]);
    return JsonObject.builder().put("success", true).put("message", "Logs cleared successfully").build();
  }

  /** The file {@code file=NAME} names inside the folder; 400 for anything else, 404 when it is not there. */
  Path file(String query) {
    String name = null;
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("file=")) name = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
      }
    }
    if (name == null || name.isEmpty()) throw new InvalidRequestException("give the log file as ?file=NAME (see /api/logs/files)");
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw new InvalidRequestException("file must be the name of a file in the logs folder, not a path");
    }
    Path file = folder.resolve(name).normalize();
    if (!folder.equals(file.getParent())) throw new InvalidRequestException("file must be a file in the logs folder");
    if (Files.isSymbolicLink(file)) throw new InvalidRequestException("file must be a file in the logs folder, not a link");
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new CcrException(404, "not_found_error", "no log file " + name);
    }
    return file;
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
