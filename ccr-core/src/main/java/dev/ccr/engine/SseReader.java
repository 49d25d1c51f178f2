package dev.ccr.engine;

import java.io.IOException;
import okio.BufferedSource;
import okio.ByteString;

/**
 * Reads server-sent events as the bytes arrive: {@code \n}, {@code \r\n} and {@code \r} line
 * ends, comments, multi-line data and named events, per the HTML living standard.
 */
final class SseReader {
  private static final ByteString LINE_END = ByteString.encodeUtf8("\r\n");

  /** One event: its name (null when none was given) and its data lines joined by {@code \n}. */
  record Event(String name, String data) {}

  private final BufferedSource source;
  private boolean skipLf;

  SseReader(BufferedSource source) {
    this.source = source;
  }

  /** The next event, or null at the end of the stream. */
  Event next() throws IOException {
    String name = null;
    StringBuilder data = null;
    while (true) {
      String l = readLine();
      if (l == null) {
        // A last event without its blank line still counts: some providers end that way.
        return data != null ? new Event(name, data.toString()) : null;
      }
      if (l.isEmpty()) {
        if (data != null) return new Event(name, data.toString());
        name = null;
        continue;
      }
      if (l.charAt(0) == ':') continue; // comment, such as ": OPENROUTER PROCESSING"
      int colon = l.indexOf(':');
      String field = colon < 0 ? l : l.substring(0, colon);
      String value = colon < 0 ? "" : l.substring(colon + 1);
      if (value.startsWith(" ")) value = value.substring(1);
      switch (field) {
        case "data":
          if (data == null) data = new StringBuilder(value.length());
          else data.append('\n');
          data.append(value);
          break;
        case "event":
          name = value;
          break;
        default:
          break; // id, retry and unknown fields do not matter to ccr
      }
    }
  }

  private String readLine() throws IOException {
    if (skipLf) {
      // A \r line end may be followed by \n in the next read; it belongs to the same line end.
      if (!source.request(1)) return null;
      if (source.getBuffer().getByte(0) == '\n') source.skip(1);
      skipLf = false;
    }
    long i = source.indexOfElement(LINE_END); // blocks until a line end arrives or the stream ends
    if (i < 0) {
      long n = source.getBuffer().size();
      return n == 0 ? null : source.readUtf8(n);
    }
    String l = source.readUtf8(i);
    if (source.readByte() == '\r') skipLf = true;
    return l;
  }
}
