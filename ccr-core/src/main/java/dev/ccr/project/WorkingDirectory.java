package dev.ccr.project;

import dev.ccr.model.ContentBlock;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.TextBlock;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folder Claude Code runs in, as its system prompt tells the model: {@code Working directory:
 * /path} inside {@code <env>} (older versions), or {@code - Primary working directory: /path} under
 * {@code # Environment} (current ones, which send it as a system block or a system-role message).
 */
final class WorkingDirectory {
  private static final String MARK = "orking directory:";
  private static final Pattern LINE = Pattern.compile(
      "^[ \\t]*(?:-[ \\t]*)?(?:Primary[ \\t]+)?[Ww]orking directory:[ \\t]*(\\S[^\\r\\n]*?)[ \\t]*$", Pattern.MULTILINE);

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

  static Path find(String text) {
    int at = text.indexOf(MARK);
    if (at < 0) return null;
    Matcher m = LINE.matcher(text);
    if (!m.find(text.lastIndexOf('\n', at) + 1)) return null;
    String value = m.group(1);
    if (value.length() > 1 && value.startsWith("`") && value.endsWith("`")) value = value.substring(1, value.length() - 1);
    try {
      Path p = Path.of(value);
      return p.isAbsolute() ? p.normalize() : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
