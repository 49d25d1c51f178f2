package dev.ccr.providers.openai;

/** Recorded-style Chat Completions bodies for the provider contract. */
public final class OpenAiBodies {
  private OpenAiBodies() {}

  static String chunk(String delta, String finish) {
    return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
  }

  static final String USAGE = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
      + "\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":5,\"total_tokens\":25}}\n\ndata: [DONE]\n\n";

  public static String textReply() {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":2,\"total_tokens\":22}}";
  }

  public static String textStream() {
    return chunk("{\"role\":\"assistant\",\"content\":\"\"}", null) + chunk("{\"content\":\"Hello\"}", null)
        + chunk("{\"content\":\" there\"}", null) + chunk("{}", "stop") + USAGE;
  }

  public static String toolCallStream() {
    return chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_w1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null)
        + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", null)
        + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}", null)
        + chunk("{}", "tool_calls") + USAGE;
  }

  public static String parallelToolStream() {
    return chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_w1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
        + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}", null)
        + chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_t1\",\"type\":\"function\",\"function\":{\"name\":\"get_time\","
        + "\"arguments\":\"{\\\"tz\\\":\\\"CET\\\"}\"}}]}", null)
        + chunk("{}", "tool_calls") + USAGE;
  }

  /** Thinking in the field the provider uses: {@code reasoning_content} or {@code reasoning}. */
  public static String thinkingStream(String field) {
    return chunk("{\"role\":\"assistant\",\"content\":null,\"" + field + "\":\"Let me \"}", null)
        + chunk("{\"" + field + "\":\"think.\"}", null) + chunk("{\"content\":\"Sunny.\"}", null)
        + chunk("{}", "stop") + USAGE;
  }

  public static String errorBody(int status, String message) {
    return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\",\"code\":" + status + "}}";
  }
}
