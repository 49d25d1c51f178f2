package dev.ccr.project;

import dev.ccr.model.ContentBlock;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.TextBlock;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folder Claude Code runs in, as its system prompt tells the model: {@code Working directory:
 * /path} inside {@code <env>} (older versions), or {@code - Primary working directory: /path} under
 * {@code # Environment} (current ones, which send it as a system block or a system-role message).
 *
 * <p>Read by a forward scan, not a regular expression: the text is the client's, and a backtracking
 * pattern over a long line of spaces cost quadratic time on every request. Each character is looked
 * at a bounded number of times, and a value longer than {@link #MAX_VALUE} is no path.
 */
final class WorkingDirectory {
  private static final String MARK = "orking directory:";
  /** Longer than any path a system accepts (Linux's PATH_MAX is 4096). */
  static final int MAX_VALUE = 4096;

  private WorkingDirectory() {}

  /** The absolute, normalized folder the request names, or null when it names none. */
  static Path of(MessagesRequest request) {
    List<String> texts = new ArrayList<>();
    if (request.system() != null) {
      for (ContentBlock b : request.system().blocks()) {
        if (b instanceof TextBlock t) texts.add(t.text());
      }
    }
    for (Message m : request.messages()) {
      if (!m.isSystem() && !m.isUser()) continue;
      for (ContentBlock b : m.content().blocks()) {
        if (b instanceof TextBlock t) texts.add(t.text());
      }
      if (m.isUser()) break; // the first user turn, where a system reminder may carry it; later ones are conversation
    }
    for (String text : texts) {
      Path p = find(text);
      if (p != null) return p;
    }
    return null;
  }

  /**
   * The path on the first line of {@code text} that reads {@code [- ][Primary ]Working directory:
   * VALUE} (leading spaces and tabs allowed, {@code W} either case), or null.
   */
  static Path find(CharSequence text) {
    int n = text.length();
    int from = 0;
    while (from < n) {
      int at = indexOf(text, MARK, from);
      if (at < 0) return null;
      int lineStart = lineStart(text, at, from);
      int lineEnd = lineEnd(text, at + MARK.length());
      if (at > lineStart && startsTheLine(text, lineStart, at - 1)) {
        Path p = value(text, at + MARK.length(), lineEnd);
        if (p != null) return p;
      }
      from = lineEnd + 1; // one mark per line is enough: the pattern allows only one
    }
    return null;
  }

  /** Whether {@code text[start, w)} is {@code [ \t]*(-[ \t]*)?(Primary[ \t]+)?} and {@code text[w]} is W or w. */
  private static boolean startsTheLine(CharSequence text, int start, int w) {
    char c = text.charAt(w);
    if (c != 'W' && c != 'w') return false;
    int i = skipBlanks(text, start, w);
    if (i < w && text.charAt(i) == '-') i = skipBlanks(text, i + 1, w);
    if (i == w) return true;
    String primary = "Primary";
    if (w - i <= primary.length()) return false;
    for (int k = 0; k < primary.length(); k++) {
      if (text.charAt(i + k) != primary.charAt(k)) return false;
    }
    i += primary.length();
    return i < w && skipBlanks(text, i, w) == w;
  }

  /** The path in {@code text[start, end)} once blanks around it are dropped and backticks removed, or null. */
  private static Path value(CharSequence text, int start, int end) {
    int s = skipBlanks(text, start, end);
    int e = end;
    while (e > s && isBlank(text.charAt(e - 1))) e--;
    if (s == e || e - s > MAX_VALUE || Character.isWhitespace(text.charAt(s))) return null;
    String v = text.subSequence(s, e).toString();
    if (v.length() > 1 && v.startsWith("`") && v.endsWith("`")) v = v.substring(1, v.length() - 1);
    try {
      Path p = Path.of(v);
      return p.isAbsolute() ? p.normalize() : null;
    } catch (InvalidPathException ex) {
      return null;
    }
  }

  private static int skipBlanks(CharSequence text, int i, int end) {
    while (i < end && isBlank(text.charAt(i))) i++;
    return i;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isLineBreak(char c) {
    return c == '\n' || c == '\r';
  }

  /** The start of the line holding {@code at}, looking back no further than {@code floor} (a line break or the text's start). */
  private static int lineStart(CharSequence text, int at, int floor) {
    int i = at;
    while (i > floor && !isLineBreak(text.charAt(i - 1))) i--;
    return i;
  }

  /** The index of the line break ending the line at {@code i}, or the text's length. */
  private static int lineEnd(CharSequence text, int i) {
    int n = text.length();
    while (i < n && !isLineBreak(text.charAt(i))) i++;
    return i;
  }

  /** {@link String#indexOf(String, int)} for any character sequence: at most {@code mark.length()} looks per position. */
  private static int indexOf(CharSequence text, String mark, int from) {
    char first = mark.charAt(0);
    int last = text.length() - mark.length();
    outer:
    for (int i = from; i <= last; i++) {
      if (text.charAt(i) != first) continue;
      for (int k = 1; k < mark.length(); k++) {
        if (text.charAt(i + k) != mark.charAt(k)) continue outer;
      }
      return i;
    }
    return -1;
  }
}
