package dev.ccr.transformers.builtin;

import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamEvent;
import dev.ccr.spi.UpstreamRequest;
import java.util.function.Consumer;

/**
 * {@code extrathinktag}: for models that write their reasoning inline as {@code <think>...</think>}
 * at the start of the content. The reasoning becomes {@code reasoning_content} (and so thinking
 * blocks); tags split across chunks are handled.
 */
final class ExtraThinkTagTransformer extends WireTransformer {
  static final String OPEN = "<think>";
  static final String CLOSE = "</think>";

  @Override
  JsonValue body(JsonValue body, UpstreamRequest request) {
    JsonObject message = Chunks.part(body, "message");
    String content = message == null ? null : message.getString("content");
    if (content == null) return body;
    String trimmed = content.stripLeading();
    if (!trimmed.startsWith(OPEN)) return body;
    int close = trimmed.indexOf(CLOSE);
    String thinking = close < 0 ? trimmed.substring(OPEN.length()) : trimmed.substring(OPEN.length(), close);
    String rest = close < 0 ? "" : trimmed.substring(close + CLOSE.length()).stripLeading();
    String before = message.getString("reasoning_content");
    return Chunks.withPart(body, "message", message.toBuilder()
        .put("reasoning_content", (before == null ? "" : before) + thinking).put("content", rest).build());
  }

  @Override
  StreamEdit stream(UpstreamRequest request) {
    return new StreamEdit() {
      static final int START = 0;
      static final int THINKING = 1;
      static final int AFTER = 2;
      static final int TEXT = 3;
      int state = START;
      final StringBuilder hold = new StringBuilder();
      UpstreamEvent last;

      @Override
      public void event(UpstreamEvent e, Consumer<UpstreamEvent> out) {
        last = e;
        JsonObject delta = Chunks.part(e.data(), "delta");
        String content = delta == null ? null : delta.getString("content");
        if (content == null || content.isEmpty() || state == TEXT) {
          out.accept(e);
          return;
        }
        StringBuilder reasoning = new StringBuilder();
        StringBuilder text = new StringBuilder();
        String input = hold + content;
        hold.setLength(0);
        split(input, reasoning, text);
        if (reasoning.length() > 0) {
          JsonObject d = delta.without("content").with("reasoning_content", JsonString.of(reasoning.toString()));
          JsonObject data = Chunks.withPart(e.data(), "delta", d);
          if (text.length() > 0) data = Chunks.withFinish(data, null).without("usage");
          out.accept(Chunks.event(e, data));
        }
        if (text.length() > 0) {
          out.accept(Chunks.event(e, Chunks.withPart(e.data(), "delta", delta.with("content", JsonString.of(text.toString())))));
        } else if (reasoning.length() == 0 && (Chunks.firstChoice(e.data()).getString("finish_reason") != null
            || delta.size() > 1)) {
          out.accept(Chunks.event(e, Chunks.withPart(e.data(), "delta", delta.without("content"))));
        }
      }

      /** Moves {@code input} through the states; text that may be part of a tag waits in {@code hold}. */
      private void split(String input, StringBuilder reasoning, StringBuilder text) {
        String s = input;
        while (!s.isEmpty()) {
          if (state == START) {
            String t = s.stripLeading();
            if (t.startsWith(OPEN)) {
              state = THINKING;
              s = t.substring(OPEN.length());
            } else if (OPEN.startsWith(t)) {
              hold.append(s); // maybe the start of "<think>"
              return;
            } else {
              state = TEXT;
              text.append(s);
              return;
            }
          } else if (state == THINKING) {
            int close = s.indexOf(CLOSE);
            if (close >= 0) {
              reasoning.append(s, 0, close);
              s = s.substring(close + CLOSE.length());
              state = AFTER;
            } else {
              int keep = partialSuffix(s, CLOSE);
              reasoning.append(s, 0, s.length() - keep);
              hold.append(s, s.length() - keep, s.length());
              return;
            }
          } else if (state == AFTER) {
            String t = s.stripLeading();
            if (t.isEmpty()) return; // blank lines right after </think> are dropped
            state = TEXT;
            text.append(t);
            return;
          } else {
            text.append(s);
            return;
          }
        }
      }

      @Override
      public void end(Consumer<UpstreamEvent> out) {
        if (hold.length() == 0) return;
        String field = state == THINKING ? "reasoning_content" : "content";
        out.accept(Chunks.deltaOnly(last, JsonObject.builder().put(field, hold.toString()).build()));
        hold.setLength(0);
      }
    };
  }

  /** How many characters at the end of {@code s} could begin {@code tag}. */
  static int partialSuffix(String s, String tag) {
    for (int n = Math.min(tag.length() - 1, s.length()); n > 0; n--) {
      if (s.endsWith(tag.substring(0, n))) return n;
    }
    return 0;
  }

  public static final class Factory implements Transformer.Factory {
    @Override
    public String name() {
      return "extrathinktag";
    }

    @Override
    public Transformer create(JsonValue options) {
      return new ExtraThinkTagTransformer();
    }
  }
}
