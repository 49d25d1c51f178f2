package dev.ccr.transformers.openai;

import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonParseException;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.model.StopReason;
import dev.ccr.model.Usage;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Pieces of the Chat Completions wire format shared by the decoders of upstream replies and the
 * inbound endpoint, which maps the other way; the id and argument rules are public because every
 * OpenAI wire format (Responses too) shares them.
 */
public final class ChatWire {
  private static final Pattern TOOL_ID = Pattern.compile("[A-Za-z0-9_-]+");

  private ChatWire() {}

  /** Anthropic's stop reason for a finish reason; tool calls win over a plain "stop". */
  static String stopReason(String finishReason, boolean sawToolCalls) {
    if (finishReason == null) return sawToolCalls ? StopReason.TOOL_USE : StopReason.END_TURN;
    switch (finishReason) {
      case "length":
        return StopReason.MAX_TOKENS;
      case "tool_calls":
      case "function_call":
        return StopReason.TOOL_USE;
      case "content_filter":
        return StopReason.REFUSAL;
      default:
        return sawToolCalls ? StopReason.TOOL_USE : StopReason.END_TURN;
    }
  }

  /** The finish reason for an Anthropic stop reason: the inverse of {@link #stopReason}. */
  public static String finishReason(String stopReason) {
    if (stopReason == null) return "stop";
    switch (stopReason) {
      case StopReason.MAX_TOKENS:
        return "length";
      case StopReason.TOOL_USE:
        return "tool_calls";
      case StopReason.REFUSAL:
        return "content_filter";
      default:
        return "stop"; // end_turn, stop_sequence, pause_turn
    }
  }

  /** Usage: prompt minus cached is input, cached is cache read, completion is output. */
  static Usage usage(JsonObject u) {
    if (u == null) return null;
    int prompt = intOf(u.get("prompt_tokens"));
    int completion = intOf(u.get("completion_tokens"));
    int cached = 0;
    JsonObject details = u.getObject("prompt_tokens_details");
    if (details != null) cached = intOf(details.get("cached_tokens"));
    if (cached == 0) cached = intOf(u.get("prompt_cache_hit_tokens")); // DeepSeek
    if (cached == 0) cached = intOf(u.get("cached_tokens"));
    return new Usage(Math.max(0, prompt - cached), completion, 0, cached, JsonObject.of());
  }

  public static int intOf(JsonValue v) {
    if (v instanceof JsonNumber n) {
      try {
        return n.intValue(); // a plain integer, read without a BigDecimal
      } catch (ArithmeticException e) {
        return n.bigDecimal().intValue();
      }
    }
    return 0;
  }

  /** A tool id Anthropic clients accept: the upstream one when it is valid, else a new one. */
  public static String toolId(JsonValue id) {
    String s = id instanceof JsonString str ? str.value() : null;
    if (s != null && !s.isEmpty() && TOOL_ID.matcher(s).matches()) return s;
    if (s != null && !s.isEmpty()) return "toolu_" + idChars(s);
    return newToolId();
  }

  public static String newToolId() {
    return "toolu_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  public static String messageId(String upstreamId) {
    if (upstreamId == null || upstreamId.isEmpty()) return "msg_" + UUID.randomUUID().toString().replace("-", "");
    return "msg_" + idChars(upstreamId);
  }

  /** {@code s} with every code point outside [A-Za-z0-9_-] made '_'; no regex: this runs per reply. */
  static String idChars(String s) {
    int i = 0;
    while (i < s.length() && idChar(s.charAt(i))) i++;
    if (i == s.length()) return s;
    StringBuilder out = new StringBuilder(s.length()).append(s, 0, i);
    s.codePoints().skip(s.codePointCount(0, i)).forEach(c -> out.append(c < 128 && idChar((char) c) ? (char) c : '_'));
    return out.toString();
  }

  private static boolean idChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  }

  /**
   * Tool arguments as a JSON value. Arguments that are not JSON are kept whole under {@code
   * _raw_arguments} rather than dropped, so the model sees what went wrong.
   */
  public static JsonValue arguments(String args) {
    if (args == null || args.isBlank()) return JsonObject.of();
    try {
      return Json.parse(args);
    } catch (JsonParseException e) {
      return JsonObject.builder().put("_raw_arguments", args).build();
    }
  }

  /** Text of a content value that is a string or an array of text parts. */
  static String text(JsonValue content) {
    if (content instanceof JsonString s) return s.value();
    if (content instanceof JsonArray a) {
      StringBuilder sb = new StringBuilder();
      for (JsonValue p : a.elements()) {
        if (p instanceof JsonObject o && o.getString("text") != null) sb.append(o.getString("text"));
      }
      return sb.toString();
    }
    return "";
  }

  /** Reasoning text in any of the field names providers use. */
  static String reasoning(JsonObject delta) {
    String r = delta.getString("reasoning_content");
    if (r == null) r = delta.getString("reasoning");
    return r;
  }
}
