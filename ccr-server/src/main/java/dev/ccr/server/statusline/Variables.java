package dev.ccr.server.statusline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code {{name}}} variables a module's text may use, formatted as the original formats them
 * ({@code 1.2k} tokens over 1000, {@code 0.53¢} / {@code $1.20}, {@code 4.2s} / {@code 5m43s}), with
 * ccr's own additions: {@code provider}, {@code scenario} and {@code budget}.
 */
final class Variables {
  private Variables() {}

  /**
   * {@code figures} come from the best source that answered; {@code fromServer} says whether that was
   * the running ccr, whose cost is the routed provider's price rather than Claude Code's estimate.
   */
  static Map<String, String> of(StatusInput in, Figures figures, boolean fromServer, String workDir, String gitBranch,
      String budget) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("workDirName", workDir == null ? "" : name(workDir));
    v.put("gitBranch", gitBranch);
    String model = figures.model() != null ? figures.model() : in.modelName() != null ? in.modelName() : "";
    v.put("model", model);
    v.put("provider", orEmpty(figures.provider()));
    v.put("scenario", orEmpty(figures.scenario()));
    v.put("inputTokens", tokens(figures.inputTokens() == null ? 0 : figures.inputTokens()));
    v.put("outputTokens", tokens(figures.outputTokens() == null ? 0 : figures.outputTokens()));
    // An unknown figure is empty, never 0, so a module showing only unknown figures is left out.
    Double speed = figures.tokensPerSecond();
    v.put("tokenSpeed", speed == null || speed <= 0 ? "" : Long.toString(Math.round(speed)));
    v.put("timeToFirstToken", figures.ttftMs() == null ? "" : duration(figures.ttftMs()));
    Double percent = contextPercent(in, figures);
    v.put("contextPercent", percent == null ? "" : Long.toString(Math.round(percent)));
    Double window = figures.contextWindow() != null ? figures.contextWindow() : in.contextWindowSize();
    v.put("contextWindowSize", window == null || window <= 0 ? "" : window > 1000 ? Math.round(window / 1000) + "k" : plain(window));
    Double totalIn = figures.totalInputTokens() != null ? figures.totalInputTokens() : in.totalInputTokens();
    Double totalOut = figures.totalOutputTokens() != null ? figures.totalOutputTokens() : in.totalOutputTokens();
    v.put("totalInputTokens", tokens(totalIn == null ? 0 : totalIn));
    v.put("totalOutputTokens", tokens(totalOut == null ? 0 : totalOut));
    Double cost = fromServer ? figures.cost() : in.costUsd();
    v.put("cost", cost == null || cost <= 0 ? "" : cost(cost));
    v.put("duration", in.durationMs() == null || in.durationMs() <= 0 ? "" : duration(in.durationMs()));
    long added = in.linesAdded() == null ? 0 : Math.round(in.linesAdded());
    long removed = in.linesRemoved() == null ? 0 : Math.round(in.linesRemoved());
    v.put("linesAdded", Long.toString(added));
    v.put("linesRemoved", Long.toString(removed));
    v.put("netLines", Long.toString(added - removed));
    v.put("version", orEmpty(in.version()));
    String session = orEmpty(in.sessionId());
    v.put("sessionId", session.length() > 8 ? session.substring(0, 8) : session);
    v.put("budget", budget);
    return v;
  }

  /** Null when the context window is not known. */
  private static Double contextPercent(StatusInput in, Figures figures) {
    if (figures.contextPercent() != null) return figures.contextPercent();
    if (in.contextTokens() != null && in.contextWindowSize() != null && in.contextWindowSize() > 0) {
      return in.contextTokens() / in.contextWindowSize() * 100;
    }
    return null;
  }

  /** The last part of a path, "/" and "\" both being separators (Claude Code on Windows sends either). */
  static String name(String dir) {
    String d = dir.replace('\\', '/');
    while (d.length() > 1 && d.endsWith("/")) d = d.substring(0, d.length() - 1);
    Path p = Path.of(d).getFileName();
    return p == null ? d : p.toString();
  }

  /** {@code 999}, {@code 1.2k}. */
  static String tokens(double n) {
    return n > 1000 ? fixed(n / 1000, 1) + "k" : plain(n);
  }

  /** {@code 0.53¢} under a cent ({@code <0.01¢} below what two decimals show), else {@code $1.20}. */
  static String cost(double usd) {
    if (usd < 0.00005) return "<0.01¢"; // would round to 0.00¢: a cost is never shown as nothing
    return usd < 0.01 ? fixed(usd * 100, 2) + "¢" : "$" + fixed(usd, 2);
  }

  /** {@code 850ms}, {@code 4.2s}, {@code 5m43s}. */
  static String duration(double ms) {
    if (ms < 1000) return Math.round(ms) + "ms";
    if (ms < 60_000) return fixed(ms / 1000, 1) + "s";
    long minutes = (long) (ms / 60_000);
    return minutes + "m" + Math.round((ms % 60_000) / 1000) + "s";
  }

  /**
   * {@code n} with {@code places} (1 or 2) decimals, rounded half up. Not {@code String.format}: its
   * first call loads the locale data, a good part of a status line run's start-up.
   */
  static String fixed(double n, int places) {
    long scale = places == 1 ? 10 : 100;
    long scaled = Math.round(Math.abs(n) * scale);
    String fraction = Long.toString(scaled % scale);
    while (fraction.length() < places) fraction = "0" + fraction;
    return (n < 0 && scaled != 0 ? "-" : "") + scaled / scale + "." + fraction;
  }

  /** {@code 12} for 12.0, {@code 12.5} for 12.5. */
  static String plain(double n) {
    return n == Math.rint(n) && Math.abs(n) < 1e15 ? Long.toString((long) n) : Double.toString(n);
  }

  /** {@code text} with each {@code {{name}}} replaced by its value; unknown names by "". */
  static String fill(String text, Map<String, String> variables) {
    StringBuilder out = new StringBuilder();
    scan(text, out::append, name -> out.append(variables.getOrDefault(name, "")));
    return out.toString();
  }

  /**
   * True when {@code text} uses variables and every one of them is empty (unknown): its module is
   * left out rather than showing {@code %} or {@code t/s} around nothing.
   */
  static boolean allUnknown(String text, Map<String, String> variables) {
    boolean[] used = {false};
    boolean[] known = {false};
    scan(text, literal -> {}, name -> {
      used[0] = true;
      if (!variables.getOrDefault(name, "").isEmpty()) known[0] = true;
    });
    return used[0] && !known[0];
  }

  /** Hands {@code text}'s literal parts and variable names, in order, to the two consumers. */
  private static void scan(String text, java.util.function.Consumer<CharSequence> literal,
      java.util.function.Consumer<String> variable) {
    if (text == null) return;
    int at = 0;
    while (true) {
      int open = text.indexOf("{{", at);
      int close = open < 0 ? -1 : text.indexOf("}}", open + 2);
      if (close < 0) break;
      String name = text.substring(open + 2, close);
      if (!name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')) { // not a variable: keep as written
        literal.accept(text.substring(at, open + 2));
        at = open + 2;
        continue;
      }
      literal.accept(text.substring(at, open));
      variable.accept(name);
      at = close + 2;
    }
    literal.accept(text.substring(at));
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
