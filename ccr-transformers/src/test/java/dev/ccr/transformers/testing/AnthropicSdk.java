package dev.ccr.transformers.testing;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.ObjectMappers;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Runs ccr's events through the official Anthropic Java SDK's SSE parser and accumulator. */
public final class AnthropicSdk {
  private AnthropicSdk() {}

  /** SSE text for events, as the proxy writes it. */
  public static String sse(List<StreamEvent> events) {
    StringBuilder sb = new StringBuilder();
    for (StreamEvent e : events) sb.append("event: ").append(e.type()).append("\ndata: ").append(AnthropicJson.write(e)).append("\n\n");
    return sb.toString();
  }

  /** The message the SDK's accumulator builds from these events, as JSON; throws what the SDK throws. */
  public static JsonObject accumulate(List<StreamEvent> events) throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(sse(events)).build());
      AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(server.url("/").toString()).apiKey("test")
          .maxRetries(0).build();
      try {
        MessageAccumulator acc = MessageAccumulator.create();
        MessageCreateParams params = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(100)
            .addUserMessage("hi").build();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
          stream.stream().forEach(acc::accumulate);
        }
        return (JsonObject) Json.parse(ObjectMappers.jsonMapper().writeValueAsString(acc.message()));
      } finally {
        client.close();
      }
    }
  }

  /** The parts of a message both sides must agree on: block types and contents, stop reason, output tokens. */
  public static JsonObject essentials(JsonObject message) {
    List<JsonValue> blocks = new ArrayList<>();
    for (JsonValue b : message.getArray("content").elements()) {
      JsonObject o = b.asObject();
      JsonObject.Builder e = JsonObject.builder().put("type", o.get("type"));
      for (String k : List.of("text", "thinking", "signature", "id", "name", "input")) {
        if (o.get(k) != null && !o.get(k).isNull()) e.put(k, o.get(k));
      }
      blocks.add(e.build());
    }
    JsonObject usage = message.getObject("usage");
    return JsonObject.builder()
        .put("content", JsonArray.of(blocks))
        .put("stop_reason", message.get("stop_reason"))
        .put("output_tokens", usage == null ? dev.ccr.json.JsonNull.INSTANCE : usage.get("output_tokens"))
        .build();
  }
}
