package dev.ccr.routing;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.ccr.json.JsonValue;
import dev.ccr.model.Content;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.DocumentBlock;
import dev.ccr.model.ImageBlock;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.ServerToolUseBlock;
import dev.ccr.model.TextBlock;
import dev.ccr.model.ThinkingBlock;
import dev.ccr.model.Tool;
import dev.ccr.model.ToolResultBlock;
import dev.ccr.model.ToolUseBlock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts a request's input tokens with {@code cl100k_base}, the tokenizer the original router uses,
 * so thresholds mean the same: system blocks, message text, thinking, tool calls and results, and
 * tool definitions. Images are estimated, not ignored. Long strings that repeat from turn to turn
 * (the system prompt, tool definitions) are counted once and remembered.
 */
public final class TokenCounter {
  /** Anthropic's cost of a full-size image (about 1.15 megapixels), used as the estimate for any image. */
  static final int IMAGE_TOKENS = 1_600;
  private static final int CACHE_MIN_CHARS = 64;
  private static final int CACHE_MAX_ENTRIES = 8_192;

  /** Keyed by string or JSON tree: both compare by value, so a new request's equal parts hit. */
  private final ConcurrentHashMap<Object, Integer> cache = new ConcurrentHashMap<>();

  /**
   * Loaded once, on first count, not when a router is built: building the encoding takes a few hundred
   * milliseconds, which start-up need not pay when no rule counts tokens.
   */
  private static final class Cl100k {
    static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
  }

  /** Loads the tokenizer now (on a background thread, say) so that the first count does not wait for it. */
  public static void preload() {
    Cl100k.ENCODING.countTokensOrdinary("");
  }

  public int count(MessagesRequest request) {
    int total = 0;
    if (request.system() != null) total += count(request.system());
    for (Message m : request.messages()) total += count(m.content());
    if (request.tools() != null) {
      for (Tool t : request.tools()) {
        if (t.name() != null) total += text(t.name());
        if (t.description() != null) total += text(t.description());
        if (t.inputSchema() != null) total += json(t.inputSchema());
      }
    }
    return total;
  }

  private int count(Content content) {
    if (content instanceof Content.Text t) return text(t.value());
    int total = 0;
    for (ContentBlock b : content.blocks()) total += count(b);
    return total;
  }

  private int count(ContentBlock b) {
    if (b instanceof TextBlock t) return text(t.text());
    if (b instanceof ThinkingBlock t) return text(t.thinking());
    if (b instanceof ToolUseBlock t) return text(t.name()) + json(t.input());
    if (b instanceof ServerToolUseBlock t) return text(t.name()) + json(t.input());
    if (b instanceof ToolResultBlock r) return r.content() == null ? 0 : count(r.content());
    if (b instanceof ImageBlock) return IMAGE_TOKENS;
    if (b instanceof DocumentBlock d) {
      String data = d.source().getString("data");
      if ("text".equals(d.sourceType()) && data != null) return text(data);
      // A PDF: about one token per four bytes of its base64 text is a fair upper estimate.
      return data == null ? IMAGE_TOKENS : data.length() / 4;
    }
    return json(dev.ccr.json.Json.parse(dev.ccr.model.AnthropicJson.write(b)));
  }

  private int json(JsonValue v) {
    Integer cached = cache.get(v);
    if (cached != null) return cached;
    int n = Cl100k.ENCODING.countTokensOrdinary(v.toJson());
    remember(v, n);
    return n;
  }

  /** Tokens of {@code s}; long strings are remembered, since they come back on every turn. */
  public int text(String s) {
    if (s.length() < CACHE_MIN_CHARS) return Cl100k.ENCODING.countTokensOrdinary(s);
    Integer cached = cache.get(s);
    if (cached != null) return cached;
    int n = Cl100k.ENCODING.countTokensOrdinary(s);
    remember(s, n);
    return n;
  }

  private void remember(Object key, int tokens) {
    if (cache.size() >= CACHE_MAX_ENTRIES) cache.clear(); // crude bound; hit rates recover within a turn
    cache.put(key, tokens);
  }
}
