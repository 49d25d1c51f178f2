package dev.ccr.transformers.responses;

import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.StopReason;
import dev.ccr.model.Usage;
import dev.ccr.transformers.Signatures;
import dev.ccr.transformers.openai.ChatWire;

/** Pieces of the Responses wire format shared by the encoder and the decoders. */
final class ResponsesWire {
  /**
   * Marks a thinking signature that carries a reasoning item's {@code encrypted_content}. Under
   * ccr's stand-in prefix, so no other provider takes it for its own signature, and so thinking
   * signed by another provider is never sent here as encrypted content (the API would refuse it).
   */
  static final String SIGNATURE_PREFIX = Signatures.STAND_IN_PREFIX + "openai-responses.";

  private ResponsesWire() {}

  static String signature(String encryptedContent) {
    return SIGNATURE_PREFIX + encryptedContent;
  }

  /** The encrypted reasoning a signature carries, or null when this API did not sign it. */
  static String encryptedContent(String signature) {
    if (signature == null || !signature.startsWith(SIGNATURE_PREFIX)) return null;
    String e = signature.substring(SIGNATURE_PREFIX.length());
    return e.isEmpty() ? null : e;
  }

  /**
   * Anthropic usage: input minus cached is input, cached is cache read; output already counts the
   * reasoning tokens ({@code output_tokens_details.reasoning_tokens} is a part of it), as Anthropic
   * counts thinking.
   */
  static Usage usage(JsonObject u) {
    if (u == null) return null;
    int input = ChatWire.intOf(u.get("input_tokens"));
    JsonObject details = u.getObject("input_tokens_details");
    int cached = details == null ? 0 : ChatWire.intOf(details.get("cached_tokens"));
    return new Usage(Math.max(0, input - cached), ChatWire.intOf(u.get("output_tokens")), 0, cached, JsonObject.of());
  }

  /** The stop reason of an {@code incomplete} response, from {@code incomplete_details.reason}. */
  static String incompleteReason(JsonObject response, boolean sawToolCall) {
    JsonObject details = response == null ? null : response.getObject("incomplete_details");
    String reason = details == null ? null : details.getString("reason");
    if ("content_filter".equals(reason)) return StopReason.REFUSAL;
    if ("max_output_tokens".equals(reason) || reason == null) return StopReason.MAX_TOKENS;
    return sawToolCall ? StopReason.TOOL_USE : StopReason.END_TURN;
  }

  /** An error's message: {@code message}, with its {@code code} when there is one. */
  static String errorMessage(JsonValue error) {
    JsonObject e = error == null ? null : error.asObject();
    if (e == null) return error == null || error.isNull() ? "the provider reported an error" : error.toJson();
    String message = e.getString("message");
    String code = e.getString("code");
    if (message == null) return e.toJson();
    return code == null ? message : message + " (" + code + ")";
  }

  /**
   * The HTTP status an error code stands for, so retries and fallbacks treat a failed response as
   * they would the same error as an HTTP reply: rate limits and server errors are retried, a bad
   * request is not.
   */
  static int statusFor(String code) {
    if (code == null) return 502;
    switch (code) {
      case "rate_limit_exceeded":
      case "insufficient_quota":
        return 429;
      case "invalid_prompt":
      case "invalid_request_error":
      case "context_length_exceeded":
        return 400;
      default:
        return 502;
    }
  }

  /** The text of a message item's content: output text and refusals alike. */
  static String messageText(JsonArray content) {
    StringBuilder sb = new StringBuilder();
    if (content == null) return "";
    for (JsonValue v : content.elements()) {
      JsonObject part = v.asObject();
      if (part == null) continue;
      String t = "refusal".equals(part.getString("type")) ? part.getString("refusal") : part.getString("text");
      if (t != null) sb.append(t);
    }
    return sb.toString();
  }

  /** A reasoning item's summary parts as paragraphs. */
  static String summaryText(JsonArray summary) {
    StringBuilder sb = new StringBuilder();
    if (summary == null) return "";
    for (JsonValue v : summary.elements()) {
      JsonObject part = v.asObject();
      if (part == null || part.getString("text") == null || part.getString("text").isEmpty()) continue;
      if (sb.length() > 0) sb.append("\n\n");
      sb.append(part.getString("text"));
    }
    return sb.toString();
  }
}
