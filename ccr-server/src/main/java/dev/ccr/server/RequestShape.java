package dev.ccr.server;

import dev.ccr.InvalidRequestException;
import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonBoolean;
import dev.ccr.json.JsonNull;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonParseException;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.math.BigDecimal;

/**
 * The checks Anthropic's API makes on a Messages or count_tokens body before it does anything
 * else, with its wording ({@code max_tokens: Field required}, {@code messages: at least one message
 * is required}): what the API refuses, ccr refuses before routing it anywhere. Members it does not
 * check, and block types it does not know, pass untouched.
 */
final class RequestShape {
  private static final java.util.Set<String> ROLES = java.util.Set.of("user", "assistant", "system");

  private RequestShape() {}

  /** A {@code POST /v1/messages} body. */
  static JsonObject messages(byte[] body) {
    JsonObject o = common(body);
    JsonValue maxTokens = o.get("max_tokens");
    if (maxTokens == null) throw invalid("max_tokens", "Field required");
    // The API reference: minimum 0 (0 only warms the prompt cache).
    if (integer("max_tokens", maxTokens).signum() < 0) {
      throw invalid("max_tokens", "Input should be greater than or equal to 0");
    }
    return o;
  }

  /** A {@code POST /v1/messages/count_tokens} body: as a Messages body, without {@code max_tokens}. */
  static JsonObject countTokens(byte[] body) {
    return common(body);
  }

  /** Any JSON object body, valid UTF-8; what it holds is the caller's to check. */
  static JsonObject object(byte[] body) {
    return object("body", parse(body));
  }

  private static JsonObject common(byte[] body) {
    JsonObject o = object("body", parse(body));
    JsonValue model = o.get("model");
    if (model == null) throw invalid("model", "Field required");
    string("model", model);
    messages(o.get("messages"));
    optional(o, "system", RequestShape::system);
    optional(o, "stream", (p, v) -> {
      if (!(v instanceof JsonBoolean)) throw invalid(p, "Input should be a valid boolean");
    });
    optional(o, "temperature", RequestShape::finite);
    optional(o, "top_p", RequestShape::finite);
    optional(o, "top_k", RequestShape::integer);
    optional(o, "stop_sequences", (p, v) -> {
      JsonArray a = array(p, v);
      for (int i = 0; i < a.size(); i++) string(p + "." + i, a.get(i));
    });
    optional(o, "tools", RequestShape::tools);
    optional(o, "tool_choice", RequestShape::object);
    optional(o, "metadata", RequestShape::object);
    optional(o, "thinking", RequestShape::object);
    return o;
  }

  private static JsonValue parse(byte[] body) {
    // Moshi would quietly turn bad bytes into U+FFFD and forward text the client never sent.
    if (!Utf8.isValid(body)) throw new InvalidRequestException("body: the request body is not valid UTF-8");
    try {
      return Json.parse(new java.io.ByteArrayInputStream(body));
    } catch (JsonParseException e) {
      throw new InvalidRequestException(e.getMessage());
    }
  }

  private static void messages(JsonValue v) {
    if (v == null) throw invalid("messages", "Field required");
    JsonArray messages = array("messages", v);
    if (messages.size() == 0) throw invalid("messages", "at least one message is required");
    for (int i = 0; i < messages.size(); i++) {
      String p = "messages." + i;
      JsonObject m = object(p, messages.get(i));
      JsonValue role = m.get("role");
      if (role == null) throw invalid(p + ".role", "Field required");
      // Claude Code itself sends role "system" turns mid-conversation (see the captures in the fixtures).
      if (!(role instanceof JsonString s) || !ROLES.contains(s.value())) {
        throw invalid(p + ".role", "Input should be 'user', 'assistant' or 'system'");
      }
      JsonValue content = m.get("content");
      if (content == null) throw invalid(p + ".content", "Field required");
      content(p + ".content", content);
      boolean empty = content instanceof JsonString text ? text.value().isEmpty() : ((JsonArray) content).size() == 0;
      if (empty && !(i == messages.size() - 1 && "assistant".equals(role.asString()))) {
        throw invalid(p, "all messages must have non-empty content except for the optional final assistant message");
      }
    }
  }

  /** A string, or a list of blocks that each say their {@code type}; a type ccr does not know passes. */
  private static void content(String path, JsonValue v) {
    if (v instanceof JsonString) return;
    if (!(v instanceof JsonArray blocks)) {
      throw invalid(path, "Input should be a valid string or a list of content blocks");
    }
    for (int i = 0; i < blocks.size(); i++) {
      String p = path + "." + i;
      JsonObject block = object(p, blocks.get(i));
      JsonValue type = block.get("type");
      if (type == null) throw invalid(p + ".type", "Field required");
      string(p + ".type", type);
    }
  }

  /** Every tool has a name; a custom one (no {@code type}, or {@code custom}) also its input schema. */
  private static void tools(String path, JsonValue v) {
    JsonArray tools = array(path, v);
    for (int i = 0; i < tools.size(); i++) {
      String p = path + "." + i;
      JsonObject tool = object(p, tools.get(i));
      JsonValue name = tool.get("name");
      if (name == null) throw invalid(p + ".name", "Field required");
      string(p + ".name", name);
      JsonValue type = tool.get("type");
      if (type != null && !(type instanceof JsonNull)) string(p + ".type", type);
      if (type == null || type instanceof JsonNull || "custom".equals(type.asString())) {
        JsonValue schema = tool.get("input_schema");
        if (schema == null) throw invalid(p + ".input_schema", "Field required");
        object(p + ".input_schema", schema);
      }
    }
  }

  /** The system prompt: a string, or a list of text blocks. */
  private static void system(String path, JsonValue v) {
    if (v instanceof JsonString) return;
    if (!(v instanceof JsonArray blocks)) throw invalid(path, "Input should be a valid string or a list of text blocks");
    for (int i = 0; i < blocks.size(); i++) {
      String p = path + "." + i;
      JsonObject block = object(p, blocks.get(i));
      JsonValue type = block.get("type");
      if (type == null) throw invalid(p + ".type", "Field required");
      if (!(type instanceof JsonString t) || !t.value().equals("text")) throw invalid(p + ".type", "Input should be 'text'");
      JsonValue text = block.get("text");
      if (text == null) throw invalid(p + ".text", "Field required");
      string(p + ".text", text);
    }
  }

  private interface Check {
    void check(String path, JsonValue value);
  }

  /** An optional member: absent or null is fine, as the API's SDKs send null for "not set". */
  private static void optional(JsonObject o, String name, Check check) {
    JsonValue v = o.get(name);
    if (v != null && !(v instanceof JsonNull)) check.check(name, v);
  }

  private static JsonObject object(String path, JsonValue v) {
    if (v instanceof JsonObject o) return o;
    throw invalid(path, "Input should be a valid object");
  }

  private static JsonArray array(String path, JsonValue v) {
    if (v instanceof JsonArray a) return a;
    throw invalid(path, "Input should be a valid list");
  }

  private static void string(String path, JsonValue v) {
    if (!(v instanceof JsonString)) throw invalid(path, "Input should be a valid string");
  }

  /** A whole number that fits an int, as the API's integer fields: {@code 10.0} passes, {@code 1e999999} does not. */
  private static BigDecimal integer(String path, JsonValue v) {
    BigDecimal d = decimal(v);
    if (d != null) {
      try {
        d.intValueExact(); // refuses fractions and anything past 2^31 without expanding the number
        return d;
      } catch (ArithmeticException e) {
        // the error below
      }
    }
    throw invalid(path, "Input should be a valid integer");
  }

  private static void finite(String path, JsonValue v) {
    BigDecimal d = decimal(v);
    if (d == null) throw invalid(path, "Input should be a valid number");
    if (Double.isInfinite(d.doubleValue())) throw invalid(path, "Input should be a finite number");
  }

  /** The number's value, or null when {@code v} is not a number (the parser refused exponents past 2^31). */
  private static BigDecimal decimal(JsonValue v) {
    return v instanceof JsonNumber n ? n.bigDecimal() : null;
  }

  private static InvalidRequestException invalid(String path, String message) {
    return new InvalidRequestException(path + ": " + message);
  }
}
