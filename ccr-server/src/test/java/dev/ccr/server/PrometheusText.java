package dev.ccr.server;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: no Java parser of it
 * is served here, so this checks each line against the format's grammar and the rules a scraper
 * enforces (a TYPE before a family's samples, one TYPE per family, well-formed labels and values,
 * histogram buckets that never decrease and a {@code +Inf} bucket equal to {@code _count}), and
 * returns every sample by its series name and labels, as written.
 */
final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
  private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
  private static final Set<String> SUFFIXES = Set.of("_total", "_bucket", "_count", "_sum", "_created");

  private PrometheusText() {}

  /** Every sample, keyed {@code name{labels}} as written; throws {@link AssertionError} at the first bad line. */
  static Map<String, Double> parse(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) throw new AssertionError("the exposition must end with a newline");
    Map<String, String> types = new HashMap<>();
    Map<String, Double> samples = new LinkedHashMap<>();
    Map<String, Double> lastBucket = new HashMap<>();
    int n = 0;
    for (String line : text.split("\n")) {
      n++;
      if (line.isEmpty()) continue;
      if (line.startsWith("#")) {
        Matcher t = TYPE.matcher(line);
        if (t.matches()) {
          if (types.put(t.group(1), t.group(2)) != null) fail(n, line, "a second TYPE for " + t.group(1));
          continue;
        }
        if (!HELP.matcher(line).matches() && (line.startsWith("# HELP") || line.startsWith("# TYPE"))) {
          fail(n, line, "malformed HELP or TYPE");
        }
        continue;
      }
      Matcher s = SAMPLE.matcher(line);
      if (!s.matches()) fail(n, line, "not name{labels} value");
      String name = s.group(1);
      String family = family(name, types);
      if (family == null) fail(n, line, "no TYPE declared before this sample");
      String labels = s.group(3) == null ? "" : s.group(3);
      String le = null;
      for (int at = 0; at < labels.length(); ) {
        Matcher l = LABEL.matcher(labels).region(at, labels.length());
        if (!l.lookingAt()) fail(n, line, "malformed labels");
        if (l.group(1).equals("le")) le = l.group(2);
        at = l.end();
      }
      double value = value(s.group(4), n, line);
      String key = name + (s.group(2) == null ? "" : s.group(2));
      if (samples.put(key, value) != null) fail(n, line, "a duplicate series");
      if (types.get(family).equals("counter") && value < 0) fail(n, line, "a negative counter");
      if (types.get(family).equals("histogram") && name.endsWith("_bucket")) {
        if (le == null) fail(n, line, "a bucket without le");
        String series = family + labels.replaceAll("(^|,)le=\"[^\"]*\"", "");
        Double before = lastBucket.put(series, value);
        if (before != null && value < before) fail(n, line, "buckets must not decrease");
      }
      if (types.get(family).equals("histogram") && name.endsWith("_count")) {
        Double inf = lastBucket.get(family + labels);
        if (inf == null || inf.doubleValue() != value) fail(n, line, "_count must equal the +Inf bucket");
      }
    }
    return samples;
  }

  private static String family(String name, Map<String, String> types) {
    if (types.containsKey(name)) return name;
    for (String suffix : SUFFIXES) {
      if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return null;
  }

  private static double value(String v, int n, String line) {
    switch (v) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        try {
          return Double.parseDouble(v);
        } catch (NumberFormatException e) {
          fail(n, line, "the value is not a number");
          return 0;
        }
    }
  }

  private static void fail(int n, String line, String why) {
    throw new AssertionError("line " + n + ": " + why + ": " + line);
  }
}
