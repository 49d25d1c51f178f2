package dev.ccr.transformers.builtin;

import dev.ccr.json.Json;
import dev.ccr.json.Json5;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonParseException;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamEvent;
import dev.ccr.spi.UpstreamRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code enhancetool}: repairs tool-call arguments that are almost JSON (single quotes, trailing
 * commas, comments, unquoted keys, code fences, missing closing brackets). In a stream, text still
 * flows live; only each call's arguments are held back and sent whole, repaired, when the call ends.
 */
final class EnhanceToolTransformer extends WireTransformer {

  /** The arguments as JSON, repaired when needed; throws {@link JsonParseException} when beyond repair. */
  static JsonValue repair(String args) {
    String s = args.strip();
    if (s.isEmpty()) return JsonObject.of();
    try {
      return Json.parse(s);
    } catch (JsonParseException strict) {
      // try the repairs below
    }
    if (s.startsWith("```")) {
      int nl = s.indexOf('\n');
      int end = s.lastIndexOf("```");
      if (nl > 0 && end > nl) s = s.substring(nl + 1, end).strip();
    }
    try {
      return Json5.parse(s, "arguments");
    } catch (JsonParseException lenient) {
      return Json5.parse(closeBrackets(s), "arguments");
    }
  }

  /** Adds the closing quotes and brackets a cut-off value is missing. */
  private static String closeBrackets(String s) {
    StringBuilder stack = new StringBuilder();
    boolean inString = false;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') i++;
        else if (c == quote) inString = false;
      } else if (c == '"' || c == '\'') {
        inString = true;
        quote = c;
      } else if (c == '{') {
        stack.append('}');
      } else if (c == '[') {
        stack.append(']');
      } else if ((c == '}' || c == ']') && stack.length() > 0) {
        stack.setLength(stack.length() - 1);
      }
    }
    StringBuilder out = new StringBuilder(s);
    if (inString) out.append(quote);
    return out.append(stack.reverse()).toString();
  }

  /** Repaired arguments as compact JSON text, or the original text when beyond repair. */
  static String repaired(String args) {
    try {
      return repair(args).toJson();
    } catch (JsonParseException e) {
      return args;
    }
  }

  @Override
  JsonValue body(JsonValue body, UpstreamRequest request) {
    JsonObject message = Chunks.part(body, "message");
    JsonArray calls = message == null ? null : message.getArray("tool_calls");
    if (calls == null) return body;
    List<JsonValue> fixed = new ArrayList<>(calls.size());
    for (JsonValue c : calls.elements()) {
      JsonObject call = c.asObject();
      JsonObject f = call == null ? null : call.getObject("function");
      if (f == null || f.getString("arguments") == null) {
        fixed.add(c);
        continue;
      }
      fixed.add(call.with("function", f.with("arguments", JsonString.of(repaired(f.getString("arguments"))))));
    }
    return Chunks.withPart(body, "message", message.with("tool_calls", JsonArray.of(fixed)));
  }

  @Override
  StreamEdit stream(UpstreamRequest request) {
    return new StreamEdit() {
      final Map<Integer, StringBuilder> held = new LinkedHashMap<>();
      UpstreamEvent last;

      @Override
      public void event(UpstreamEvent e, Consumer<UpstreamEvent> out) {
        last = e;
        JsonObject delta = Chunks.part(e.data(), "delta");
        JsonArray calls = delta == null ? null : delta.getArray("tool_calls");
        UpstreamEvent event = e;
        if (calls != null) {
          List<JsonValue> stripped = new ArrayList<>(calls.size());
          for (int i = 0; i < calls.size(); i++) {
            JsonObject call = calls.get(i).asObject();
            if (call == null) continue;
            JsonNumber n = call.getNumber("index");
            int index = n == null ? i : n.intValue();
            if (!held.containsKey(index)) {
              flush(out, e); // a new call: the ones before it are complete
              held.put(index, new StringBuilder());
            }
            JsonObject f = call.getObject("function");
            StringBuilder args = held.get(index); // null once flushed: a late fragment has nowhere to go
            if (args != null && f != null && f.getString("arguments") != null) args.append(f.getString("arguments"));
            boolean first = call.has("id") || (f != null && f.has("name"));
            if (first) stripped.add(call.with("function", (f == null ? JsonObject.of() : f).with("arguments", JsonString.of(""))));
          }
          JsonObject d = stripped.isEmpty() ? delta.without("tool_calls") : delta.with("tool_calls", JsonArray.of(stripped));
          event = Chunks.event(e, Chunks.withPart(e.data(), "delta", d));
          JsonObject choice = Chunks.firstChoice(event.data());
          if (stripped.isEmpty() && d.isEmpty() && choice.getString("finish_reason") == null) return;
        }
        JsonObject choice = Chunks.firstChoice(event.data());
        if (choice != null && choice.getString("finish_reason") != null) flush(out, event);
        out.accept(event);
      }

      @Override
      public void end(Consumer<UpstreamEvent> out) {
        if (last != null) flush(out, last);
      }

      private void flush(Consumer<UpstreamEvent> out, UpstreamEvent like) {
        for (Map.Entry<Integer, StringBuilder> h : held.entrySet()) {
          if (h.getValue() == null) continue;
          JsonObject call = JsonObject.builder().put("index", h.getKey()).put("function",
              JsonObject.builder().put("arguments", repaired(h.getValue().toString())).build()).build();
          out.accept(Chunks.deltaOnly(like, JsonObject.builder().put("tool_calls", JsonArray.of(call)).build()));
          h.setValue(null);
        }
      }
    };
  }

  public static final class Factory implements Transformer.Factory {
    @Override
    public String name() {
      return "enhancetool";
    }

    @Override
    public Transformer create(JsonValue options) {
      return new EnhanceToolTransformer();
    }
  }
}
