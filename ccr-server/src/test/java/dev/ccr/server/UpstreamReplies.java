package dev.ccr.server;

/** A short successful reply in each upstream dialect the edge suite routes to, whole or streamed. */
final class UpstreamReplies {
  private UpstreamReplies() {}

  static String reply(String path, boolean stream) {
    if (path.contains("/v1beta/models/")) return stream ? gemini("data: ", "\n\n") : gemini("", "");
    if (path.endsWith("/v1/messages")) return stream ? ANTHROPIC_STREAM : ANTHROPIC;
    return stream ? OPENAI_STREAM : OPENAI;
  }

  private static String gemini(String prefix, String suffix) {
    return prefix + "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}],\"role\":\"model\"},\"finishReason\":\"STOP\","
        + "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":1,\"totalTokenCount\":4}}" + suffix;
  }

  static final String OPENAI = "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
      + "\"content\":\"ok\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}";

  static final String OPENAI_STREAM =
      "data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\n"
          + "data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
          + "data: [DONE]\n\n";

  static final String ANTHROPIC = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":"
      + "[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
      + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}";

  static final String ANTHROPIC_STREAM = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
      + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,"
      + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
      + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
      + "{\"type\":\"text\",\"text\":\"\"}}\n\n"
      + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
      + "{\"type\":\"text_delta\",\"text\":\"ok\"}}\n\n"
      + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
      + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
      + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":1}}\n\n"
      + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
}
