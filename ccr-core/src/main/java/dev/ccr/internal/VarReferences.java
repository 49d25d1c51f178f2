package dev.ccr.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for what names an environment variable in config text: {@code $VAR} or
 * {@code ${VAR}}, as the original writes them. Config reading, redaction and presets all use it, so
 * what one of them calls a reference the others do too.
 */
public final class VarReferences {
  private static final Pattern VAR = Pattern.compile("\\$\\{([^}]+)\\}|\\$([A-Za-z_][A-Za-z0-9_]*)");

  private VarReferences() {}

  /** The variable names {@code text} refers to, in order (repeats included); empty for null. */
  public static List<String> names(String text) {
    List<String> out = new ArrayList<>();
    if (text == null || text.indexOf('$') < 0) return out;
    Matcher m = VAR.matcher(text);
    while (m.find()) out.add(name(m));
    return out;
  }

  /** The references in {@code text} as written ({@code $X} or {@code ${X}}) whose variable {@code lookup} does not know. */
  public static List<String> unknown(String text, Function<String, String> lookup) {
    List<String> out = new ArrayList<>();
    if (text == null || text.indexOf('$') < 0) return out;
    Matcher m = VAR.matcher(text);
    while (m.find()) {
      if (lookup.apply(name(m)) == null) out.add(m.group());
    }
    return out;
  }

  /** The variable when the whole of {@code text} (trimmed) is one reference, else null. */
  public static String whole(String text) {
    if (text == null) return null;
    Matcher m = VAR.matcher(text.trim());
    return m.matches() ? name(m) : null;
  }

  /** {@code text} with each reference {@code lookup} knows replaced by its value; the others stay as written. */
  public static String fill(String text, Function<String, String> lookup) {
    if (text.indexOf('$') < 0) return text;
    Matcher m = VAR.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = lookup.apply(name(m));
      m.appendReplacement(sb, Matcher.quoteReplacement(v != null ? v : m.group()));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String name(Matcher m) {
    return m.group(1) != null ? m.group(1) : m.group(2);
  }
}
