package dev.ccr.routing;

import dev.ccr.config.RouteTarget;
import dev.ccr.model.Content;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.TextBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <CCR-SUBAGENT-MODEL>provider,model</CCR-SUBAGENT-MODEL>} at the start of any system block
 * or of the first user text picks the model for a Claude Code subagent. Claude Code now puts a
 * subagent's prompt in the third system block, so every block is looked at.
 */
public final class SubagentTag {
  static final String OPEN = "<CCR-SUBAGENT-MODEL>";
  static final String CLOSE = "</CCR-SUBAGENT-MODEL>";

  private SubagentTag() {}

  /** The target the tag names, or null when there is no tag. */
  public static RouteTarget find(MessagesRequest request) {
    if (request.system() != null) {
      for (ContentBlock b : request.system().blocks()) {
        RouteTarget t = b instanceof TextBlock tb ? parse(tb.text()) : null;
        if (t != null) return t;
      }
    }
    for (Message m : request.messages()) {
      if (m.isSystem()) {
        for (ContentBlock b : m.content().blocks()) {
          RouteTarget t = b instanceof TextBlock tb ? parse(tb.text()) : null;
          if (t != null) return t;
        }
      }
    }
    TextBlock first = firstUserText(request);
    return first == null ? null : parse(first.text());
  }

  private static RouteTarget parse(String text) {
    String t = text.stripLeading();
    if (!t.startsWith(OPEN)) return null;
    int end = t.indexOf(CLOSE);
    return end < 0 ? null : RouteTarget.parse(t.substring(OPEN.length(), end).trim());
  }

  private static TextBlock firstUserText(MessagesRequest request) {
    for (Message m : request.messages()) {
      if (!m.isUser()) continue;
      for (ContentBlock b : m.content().blocks()) {
        if (b instanceof TextBlock t) return t;
      }
      return null;
    }
    return null;
  }

  /** The request with every tag removed; the same object when there is none, so the common case costs nothing. */
  public static MessagesRequest strip(MessagesRequest request) {
    if (!mentions(request)) return request;
    MessagesRequest.Builder b = request.toBuilder();
    if (request.system() != null) b.system(strip(request.system()));
    List<Message> messages = new ArrayList<>(request.messages().size());
    for (Message m : request.messages()) messages.add(m.withContent(strip(m.content())));
    return b.messages(messages).build();
  }

  private static boolean mentions(MessagesRequest request) {
    if (request.system() != null && mentions(request.system())) return true;
    for (Message m : request.messages()) {
      if (mentions(m.content())) return true;
    }
    return false;
  }

  private static boolean mentions(Content c) {
    if (c instanceof Content.Text t) return t.value().contains(OPEN);
    for (ContentBlock b : c.blocks()) {
      if (b instanceof TextBlock t && t.text().contains(OPEN)) return true;
    }
    return false;
  }

  private static Content strip(Content c) {
    if (c instanceof Content.Text t) return t.value().contains(OPEN) ? Content.of(removeTags(t.value())) : c;
    List<ContentBlock> out = new ArrayList<>(c.blocks().size());
    boolean changed = false;
    for (ContentBlock b : c.blocks()) {
      if (b instanceof TextBlock t && t.text().contains(OPEN)) {
        out.add(new TextBlock(removeTags(t.text()), t.citations(), t.extra()));
        changed = true;
      } else {
        out.add(b);
      }
    }
    return changed ? Content.of(out) : c;
  }

  static String removeTags(String text) {
    StringBuilder sb = new StringBuilder(text);
    int start;
    while ((start = sb.indexOf(OPEN)) >= 0) {
      int end = sb.indexOf(CLOSE, start);
      if (end < 0) break;
      sb.delete(start, end + CLOSE.length());
    }
    return sb.toString().stripLeading();
  }
}
