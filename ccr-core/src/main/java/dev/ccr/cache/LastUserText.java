package dev.ccr.cache;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of a request's last turn when it is the user's (a string, or its text blocks joined by
 * newlines), and the messages with that text left out: what the semantic cache embeds, and what
 * else must match for an answer to be reused. Images and other blocks of that turn stay in the rest.
 */
final class LastUserText {
  private LastUserText() {}

  /** The last turn's user text; null when the last turn is not the user's or has no text. */
  static String of(JsonValue messages) {
    JsonObject last = lastUserTurn(messages);
    if (last == null) return null;
    JsonValue content = last.get("content");
    if (content instanceof JsonString s) return s.value();
    if (!(content instanceof JsonArray blocks)) return null;
    List<String> texts = new ArrayList<>();
    for (JsonValue b : blocks.elements()) {
      if (isText(b)) texts.add(((JsonObject) b).getString("text"));
    }
    return texts.isEmpty() ? null : String.join("\n", texts);
  }

  /** {@code messages} with the last turn's user text emptied. */
  static JsonValue blanked(JsonValue messages) {
    JsonArray all = (JsonArray) messages;
    List<JsonValue> out = new ArrayList<>(all.elements());
    JsonObject last = (JsonObject) out.get(out.size() - 1);
    JsonValue content = last.get("content");
    JsonValue emptied;
    if (content instanceof JsonString) {
      emptied = JsonString.of("");
    } else {
      List<JsonValue> blocks = new ArrayList<>();
      for (JsonValue b : ((JsonArray) content).elements()) blocks.add(isText(b) ? with((JsonObject) b, "text", JsonString.of("")) : b);
      emptied = JsonArray.of(blocks);
    }
    out.set(out.size() - 1, with(last, "content", emptied));
    return JsonArray.of(out);
  }

  private static JsonObject lastUserTurn(JsonValue messages) {
    if (!(messages instanceof JsonArray a) || a.isEmpty()) return null;
    return a.get(a.size() - 1) instanceof JsonObject m && "user".equals(m.getString("role")) ? m : null;
  }

  private static boolean isText(JsonValue b) {
    return b instanceof JsonObject o && "text".equals(o.getString("type")) && o.getString("text") != null;
  }

  private static JsonObject with(JsonObject o, String name, JsonValue value) {
    Map<String, JsonValue> m = new LinkedHashMap<>(o.members());
    m.put(name, value);
    return JsonObject.of(m);
  }
}
