package dev.ccr.server;

import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonBoolean;
import dev.ccr.json.JsonNull;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;

/** Request bodies for the edge suite: a valid one with every kind of member, and ways to spoil it. */
final class HostileBodies {
  private HostileBodies() {}

  static final String VALID = "{\"model\":\"m\",\"max_tokens\":16,\"stream\":false,\"temperature\":0.5,"
      + "\"system\":[{\"type\":\"text\",\"text\":\"be brief\"}],"
      + "\"tools\":[{\"name\":\"read\",\"description\":\"reads\",\"input_schema\":{\"type\":\"object\","
      + "\"properties\":{\"path\":{\"type\":\"string\"}}}}],"
      + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]},"
      + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"read\",\"input\":{\"path\":\"a\"}}]},"
      + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"file\"},"
      + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBO\"}}]}]}";

  /** Member names the API and ccr give meaning to, so mutations land where they matter. */
  private static final String[] KEYS = {"model", "max_tokens", "messages", "role", "content", "type", "text", "system",
      "stream", "temperature", "top_p", "top_k", "tools", "tool_choice", "thinking", "budget_tokens", "metadata",
      "stop_sequences", "source", "data", "media_type", "id", "name", "input", "input_schema", "tool_use_id",
      "is_error", "cache_control", "citations", "signature", "url", "x"};
  private static final String[] WORDS = {"user", "assistant", "system", "tool", "text", "image", "tool_use",
      "tool_result", "thinking", "redacted_thinking", "document", "hologram", "base64", "url", "auto", "any",
      "enabled", "m", "up,m", "nope,m", "up,", ",", "", " ", "claude-3-5-haiku", "ephemeral"};
  private static final String[] NUMBERS = {"0", "-1", "1", "1.5", "10.0", "-0", "1e999999", "1e-999999",
      "2147483648", "9223372036854775808", "9".repeat(400), "0.1e1"};

  /** The valid body with one to three of its members replaced, removed, added or emptied. */
  static String wrongShape(Random r) {
    JsonValue tree = Json.parse(VALID);
    for (int i = 1 + r.nextInt(3); i > 0; i--) tree = mutate(tree, r);
    return Json.write(tree);
  }

  /**
   * The valid body with the inside of one content block, system block or tool spoiled and the rest
   * left valid, so the request passes the shape checks and meets the provider encoders.
   */
  static String spoiledBlock(Random r) {
    JsonObject o = (JsonObject) Json.parse(VALID);
    LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>(o.members());
    if (r.nextBoolean()) members.put("stream", JsonBoolean.TRUE);
    int where = r.nextInt(5);
    if (where == 0) {
      members.put("tools", JsonArray.of(List.of(mutate(((JsonArray) members.get("tools")).get(0), r))));
    } else {
      List<JsonValue> messages = new ArrayList<>(((JsonArray) members.get("messages")).elements());
      int m = r.nextInt(messages.size());
      JsonObject message = (JsonObject) messages.get(m);
      List<JsonValue> blocks = new ArrayList<>(((JsonArray) message.get("content")).elements());
      int b = r.nextInt(blocks.size());
      for (int i = 1 + r.nextInt(2); i > 0; i--) blocks.set(b, mutate(blocks.get(b), r));
      messages.set(m, message.with("content", JsonArray.of(blocks)));
      members.put("messages", JsonArray.of(messages));
    }
    return Json.write(JsonObject.of(members));
  }

  /** The valid body's bytes with bytes flipped, cut, doubled or inserted, invalid UTF-8 among them. */
  static byte[] mangled(Random r) {
    byte[] b = VALID.getBytes(StandardCharsets.UTF_8);
    for (int i = 1 + r.nextInt(4); i > 0 && b.length > 0; i--) {
      int at = r.nextInt(b.length);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      switch (r.nextInt(5)) {
        case 0: // one byte becomes anything, often a stray UTF-8 lead or continuation byte
          b = b.clone();
          b[at] = (byte) (r.nextBoolean() ? 0x80 + r.nextInt(0x80) : r.nextInt(256));
          continue;
        case 1: // the body ends early
          b = java.util.Arrays.copyOf(b, Math.max(1, at));
          continue;
        case 2: // a slice goes missing
          out.write(b, 0, at);
          int skip = Math.min(b.length - at, 1 + r.nextInt(20));
          out.write(b, at + skip, b.length - at - skip);
          break;
        case 3: // a slice comes twice
          int len = Math.min(b.length - at, 1 + r.nextInt(40));
          out.write(b, 0, at + len);
          out.write(b, at, b.length - at);
          break;
        default: // random bytes go in
          out.write(b, 0, at);
          byte[] noise = new byte[1 + r.nextInt(8)];
          r.nextBytes(noise);
          out.write(noise, 0, noise.length);
          out.write(b, at, b.length - at);
      }
      b = out.toByteArray();
    }
    return b;
  }

  /**
   * {@code depth} levels of nesting: unclosed arrays, closed arrays, objects, or a valid request
   * carrying the nest inside an unknown content block or a tool's input.
   */
  static String nested(String kind, int depth) {
    switch (kind) {
      case "arrays":
        return "[".repeat(depth);
      case "closed-arrays":
        return "[".repeat(depth) + "]".repeat(depth);
      case "objects":
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
      case "in-a-block":
        return "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"hologram\","
            + "\"depth\":" + "[".repeat(depth) + "]".repeat(depth) + "}]}]}";
      default:
        return "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\","
            + "\"id\":\"t\",\"name\":\"n\",\"input\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}]}]}";
    }
  }

  private static JsonValue mutate(JsonValue v, Random r) {
    if (v instanceof JsonObject o && r.nextInt(5) > 0) {
      LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>(o.members());
      List<String> keys = new ArrayList<>(members.keySet());
      int op = keys.isEmpty() ? 1 : r.nextInt(5);
      if (op == 0) {
        members.remove(keys.get(r.nextInt(keys.size())));
      } else if (op == 1) {
        members.put(KEYS[r.nextInt(KEYS.length)], random(r, 3));
      } else {
        String k = keys.get(r.nextInt(keys.size()));
        members.put(k, mutate(members.get(k), r));
      }
      return JsonObject.of(members);
    }
    if (v instanceof JsonArray a && r.nextInt(5) > 0) {
      List<JsonValue> elements = new ArrayList<>(a.elements());
      int op = elements.isEmpty() ? 1 : r.nextInt(5);
      if (op == 0) {
        elements.remove(r.nextInt(elements.size()));
      } else if (op == 1) {
        elements.add(r.nextInt(elements.size() + 1), random(r, 3));
      } else {
        int i = r.nextInt(elements.size());
        elements.set(i, mutate(elements.get(i), r));
      }
      return JsonArray.of(elements);
    }
    return random(r, 3);
  }

  private static JsonValue random(Random r, int depth) {
    switch (r.nextInt(depth > 0 ? 9 : 6)) {
      case 0:
      case 1:
        return JsonString.of(WORDS[r.nextInt(WORDS.length)]);
      case 2:
        return JsonString.of(randomText(r));
      case 3:
        return Json.parse(NUMBERS[r.nextInt(NUMBERS.length)]);
      case 4:
        return JsonBoolean.of(r.nextBoolean());
      case 5:
        return JsonNull.INSTANCE;
      case 6:
      case 7: {
        LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) members.put(KEYS[r.nextInt(KEYS.length)], random(r, depth - 1));
        return JsonObject.of(members);
      }
      default: {
        List<JsonValue> elements = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) elements.add(random(r, depth - 1));
        return JsonArray.of(elements);
      }
    }
  }

  /** Text with control characters, quotes, backslashes, astral and right-to-left characters. */
  private static String randomText(Random r) {
    String alphabet = "ab \"\\\n\t\u0000\u0001\u007f\u00e9\u200f\u2028\ud83d\ude00{}[],:";
    StringBuilder sb = new StringBuilder();
    for (int i = r.nextInt(30); i > 0; i--) {
      int at = r.nextInt(alphabet.length());
      char c = alphabet.charAt(at);
      if (Character.isHighSurrogate(c)) {
        sb.append(c).append(alphabet.charAt(at + 1));
      } else if (!Character.isLowSurrogate(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
