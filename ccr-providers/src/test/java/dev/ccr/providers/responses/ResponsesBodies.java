package dev.ccr.providers.responses;

import dev.ccr.json.JsonString;

/**
 * Recorded-shape Responses API bodies: each stream is the event sequence the API sends
 * ({@code response.created}, {@code response.in_progress}, per item {@code output_item.added},
 * deltas and {@code output_item.done}, then a terminal event), with sequence numbers.
 */
final class ResponsesBodies {
  static final String USAGE = "{\"input_tokens\":20,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":5,"
      + "\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":25}";

  private final StringBuilder sse = new StringBuilder();
  private int sequence;

  private ResponsesBodies() {}

  /** A stream that has sent {@code response.created} and {@code response.in_progress}. */
  static ResponsesBodies stream() {
    ResponsesBodies b = new ResponsesBodies();
    b.event("response.created", "\"response\":" + response("in_progress", "[]", "null", null));
    b.event("response.in_progress", "\"response\":" + response("in_progress", "[]", "null", null));
    return b;
  }

  static String q(String s) {
    return JsonString.of(s).toJson();
  }

  /** A response object. */
  static String response(String status, String output, String usage, String incompleteReason) {
    return "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1741290958,\"status\":\"" + status + "\",\"error\":null,"
        + "\"incomplete_details\":" + (incompleteReason == null ? "null" : "{\"reason\":\"" + incompleteReason + "\"}")
        + ",\"model\":\"gpt-5-codex\",\"output\":" + output + ",\"parallel_tool_calls\":true,\"store\":false,"
        + "\"usage\":" + usage + "}";
  }

  static String messageItem(String id, String text, String status) {
    return "{\"id\":\"" + id + "\",\"type\":\"message\",\"status\":\"" + status + "\",\"role\":\"assistant\",\"content\":["
        + (text == null ? "" : "{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":" + q(text) + "}") + "]}";
  }

  static String callItem(String id, String callId, String name, String arguments, String status) {
    return "{\"id\":\"" + id + "\",\"type\":\"function_call\",\"status\":\"" + status + "\",\"arguments\":" + q(arguments)
        + ",\"call_id\":\"" + callId + "\",\"name\":\"" + name + "\"}";
  }

  static String reasoningItem(String id, String summary, String encrypted) {
    return "{\"id\":\"" + id + "\",\"type\":\"reasoning\",\"summary\":["
        + (summary == null ? "" : "{\"type\":\"summary_text\",\"text\":" + q(summary) + "}") + "]"
        + (encrypted == null ? "" : ",\"encrypted_content\":" + q(encrypted)) + "}";
  }

  ResponsesBodies event(String type, String members) {
    sse.append("event: ").append(type).append('\n').append("data: {\"type\":\"").append(type)
        .append("\",\"sequence_number\":").append(sequence++).append(members.isEmpty() ? "" : "," + members).append("}\n\n");
    return this;
  }

  /** A message item whose text streams as {@code deltas}. */
  ResponsesBodies text(int index, String id, String... deltas) {
    event("response.output_item.added", "\"output_index\":" + index + ",\"item\":" + messageItem(id, null, "in_progress"));
    event("response.content_part.added", "\"item_id\":\"" + id + "\",\"output_index\":" + index
        + ",\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],\"text\":\"\"}");
    for (String d : deltas) {
      event("response.output_text.delta", "\"item_id\":\"" + id + "\",\"output_index\":" + index
          + ",\"content_index\":0,\"delta\":" + q(d) + ",\"logprobs\":[]");
    }
    String all = String.join("", deltas);
    event("response.output_text.done", "\"item_id\":\"" + id + "\",\"output_index\":" + index
        + ",\"content_index\":0,\"text\":" + q(all) + ",\"logprobs\":[]");
    return event("response.output_item.done", "\"output_index\":" + index + ",\"item\":" + messageItem(id, all, "completed"));
  }

  /** A function call whose arguments stream as {@code deltas}. */
  ResponsesBodies call(int index, String id, String callId, String name, String... deltas) {
    event("response.output_item.added", "\"output_index\":" + index + ",\"item\":" + callItem(id, callId, name, "", "in_progress"));
    for (String d : deltas) {
      event("response.function_call_arguments.delta", "\"item_id\":\"" + id + "\",\"output_index\":" + index + ",\"delta\":" + q(d));
    }
    String all = String.join("", deltas);
    event("response.function_call_arguments.done", "\"item_id\":\"" + id + "\",\"output_index\":" + index + ",\"arguments\":" + q(all));
    return event("response.output_item.done", "\"output_index\":" + index + ",\"item\":" + callItem(id, callId, name, all, "completed"));
  }

  /** A reasoning item whose one summary part streams as {@code deltas}, ending with its encrypted content. */
  ResponsesBodies reasoning(int index, String id, String encrypted, String... deltas) {
    event("response.output_item.added", "\"output_index\":" + index + ",\"item\":" + reasoningItem(id, null, null));
    if (deltas.length > 0) {
      event("response.reasoning_summary_part.added", "\"item_id\":\"" + id + "\",\"output_index\":" + index
          + ",\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":\"\"}");
    }
    for (String d : deltas) {
      event("response.reasoning_summary_text.delta", "\"item_id\":\"" + id + "\",\"output_index\":" + index
          + ",\"summary_index\":0,\"delta\":" + q(d));
    }
    String all = String.join("", deltas);
    return event("response.output_item.done", "\"output_index\":" + index + ",\"item\":"
        + reasoningItem(id, deltas.length == 0 ? null : all, encrypted));
  }

  /** Ends with {@code response.completed} carrying {@code output} and {@code usage}. */
  String completed(String output, String usage) {
    return event("response.completed", "\"response\":" + response("completed", output, usage, null)).toString();
  }

  String incomplete(String output, String reason) {
    return event("response.incomplete", "\"response\":" + response("incomplete", output, USAGE, reason)).toString();
  }

  String failed(String code, String message) {
    return event("response.failed", "\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"failed\","
        + "\"error\":{\"code\":\"" + code + "\",\"message\":" + q(message) + "},\"output\":[],\"usage\":null}").toString();
  }

  String error(String code, String message) {
    return event("error", "\"code\":\"" + code + "\",\"message\":" + q(message) + ",\"param\":null").toString();
  }

  /** The events so far, for a stream that is cut here. */
  @Override
  public String toString() {
    return sse.toString();
  }
}
