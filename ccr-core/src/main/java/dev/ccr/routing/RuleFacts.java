package dev.ccr.routing;

import dev.ccr.model.ContentBlock;
import dev.ccr.model.ImageBlock;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.TextBlock;
import dev.ccr.model.ToolResultBlock;
import dev.ccr.rules.Facts;
import dev.ccr.rules.RequestFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A request's facts for routing rules, each worked out when a condition first reads it (the token
 * count and the built-in scenario cost something) and kept; remembers which were read, so a route
 * can say which facts made its rule match.
 */
final class RuleFacts implements Facts {
  private final RoutingContext ctx;
  private final Supplier<String> scenario;
  private final int hour;
  private final BudgetSource budget;
  private final Map<String, Object> known = new LinkedHashMap<>();
  private final List<String> read = new ArrayList<>();

  RuleFacts(RoutingContext ctx, Supplier<String> scenario, int hour, BudgetSource budget) {
    this.ctx = ctx;
    this.scenario = scenario;
    this.hour = hour;
    this.budget = budget;
  }

  @Override
  public Object value(String name) {
    if (!read.contains(name)) read.add(name);
    return known.computeIfAbsent(name, this::compute);
  }

  /** Starts a new list of facts read. */
  void clearRead() {
    read.clear();
  }

  /**
   * The facts read since {@link #clearRead}, as {@code name=value}, strings quoted and cut short; the
   * user's words and the session id, which a route's reason carries into logs and usage records, only
   * by their length.
   */
  String readSummary() {
    List<String> parts = new ArrayList<>();
    for (String name : read) {
      Object v = known.get(name);
      boolean hidden = RequestFacts.LAST_USER_TEXT.equals(name) || RequestFacts.SESSION_ID.equals(name);
      parts.add(name + "=" + (hidden && v instanceof String s ? "(" + s.length() + " characters)" : shown(v)));
    }
    return String.join(", ", parts);
  }

  /** Every fact, worked out now, in the README's order. */
  Map<String, Object> all() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : RequestFacts.types().keySet()) out.put(name, value(name));
    return out;
  }

  static String shown(Object v) {
    if (v instanceof Double d) return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
    if (v instanceof String s) {
      String t = s.length() > 60 ? s.substring(0, 60) + "…" : s;
      return "'" + dev.ccr.internal.LogText.escaped(t) + "'";
    }
    return String.valueOf(v);
  }

  private Object compute(String name) {
    MessagesRequest r = ctx.request();
    return switch (name) {
      case RequestFacts.CONTEXT_LENGTH -> (double) ctx.tokenCount();
      case RequestFacts.SCENARIO -> scenario.get();
      case RequestFacts.MODEL -> r.model() == null ? "" : r.model();
      case RequestFacts.HAS_TOOLS -> r.tools() != null && !r.tools().isEmpty();
      case RequestFacts.HAS_IMAGES -> hasImages(r);
      case RequestFacts.THINKING -> r.isThinking();
      case RequestFacts.SESSION_ID -> ctx.sessionId() == null ? "" : ctx.sessionId();
      case RequestFacts.PROJECT -> ctx.project() == null ? "" : ctx.project();
      case RequestFacts.MESSAGE_COUNT -> (double) r.messages().size();
      case RequestFacts.LAST_USER_TEXT -> lastUserText(r);
      case RequestFacts.HOUR -> (double) hour;
      case RequestFacts.BUDGET_USED -> budget.percentUsed(ctx.sessionId());
      default -> throw new IllegalArgumentException("no fact " + name); // the parser lets no other name through
    };
  }

  private static boolean hasImages(MessagesRequest r) {
    for (Message m : r.messages()) {
      for (ContentBlock b : m.content().blocks()) {
        if (b instanceof ImageBlock) return true;
        if (b instanceof ToolResultBlock t && t.content() != null
            && t.content().blocks().stream().anyMatch(x -> x instanceof ImageBlock)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The text blocks of the last user turn that holds any, joined by new lines: what the user typed.
   * Tool results and the {@code <system-reminder>} blocks Claude Code adds are not the user's words.
   */
  private static String lastUserText(MessagesRequest r) {
    List<Message> messages = r.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      Message m = messages.get(i);
      if (!m.isUser()) continue;
      StringBuilder sb = new StringBuilder();
      for (ContentBlock b : m.content().blocks()) {
        if (b instanceof TextBlock t && !t.text().stripLeading().startsWith("<system-reminder>")) sb.append(sb.length() == 0 ? "" : "\n").append(t.text());
      }
      if (sb.length() > 0) return sb.toString();
    }
    return "";
  }
}
