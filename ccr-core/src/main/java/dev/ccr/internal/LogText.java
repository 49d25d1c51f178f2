package dev.ccr.internal;

/**
 * Text from a request made safe to write into a log line or a route's reason: control characters
 * (line breaks above all, which would let a client forge log lines) and Unicode's line separators
 * and direction overrides are written as escapes, so one event stays one line and reads as sent.
 */
public final class LogText {
  private LogText() {}

  /** {@code text} with every control, line-separator and bidi-override character escaped; null stays null. */
  public static String escaped(CharSequence text) {
    if (text == null) return null;
    int i = 0;
    int n = text.length();
    while (i < n && !needsEscape(text.charAt(i))) i++;
    if (i == n) return text.toString();
    StringBuilder sb = new StringBuilder(n + 16).append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (!needsEscape(c)) {
        sb.append(c);
        continue;
      }
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }

  private static boolean needsEscape(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c >= '\u202a' && c <= '\u202e'
        || c >= '\u2066' && c <= '\u2069';
  }
}
