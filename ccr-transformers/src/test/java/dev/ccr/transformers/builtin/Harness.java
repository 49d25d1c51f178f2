package dev.ccr.transformers.builtin;

import dev.ccr.EventStream;
import dev.ccr.config.ProviderConfig;
import dev.ccr.engine.SseStreams;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.MessageAccumulator;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.routing.Route;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamEvent;
import dev.ccr.spi.UpstreamReply;
import dev.ccr.spi.UpstreamRequest;
import dev.ccr.transformers.openai.ChatResponseDecoder;
import dev.ccr.transformers.openai.ChatStreamDecoder;
import dev.ccr.transformers.testing.AnthropicSdk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/** Runs one transformer, found by name as config.json names it, against a canned upstream reply. */
final class Harness {
  static final Route ROUTE = Route.of("p", "m", "default", "test");
  static final PluginRegistry PLUGINS = PluginRegistry.discover(Harness.class.getClassLoader());

  final Transformer transformer;
  UpstreamRequest sent;

  Harness(String name, String options) {
    JsonValue o = options == null ? dev.ccr.json.JsonNull.INSTANCE : Json.parse(options);
    this.transformer = PLUGINS.transformer(name).orElseThrow().create(o);
  }

  static UpstreamRequest chat(String body, boolean stream) {
    return new UpstreamRequest(UpstreamRequest.OPENAI_CHAT, "http://x/v1/chat/completions", Map.of(),
        (JsonObject) Json.parse(body), stream);
  }

  /** The request the transformer sends on. */
  UpstreamRequest request(UpstreamRequest request) throws Exception {
    transformer.intercept(chain(request, new UpstreamReply.Body(200, Map.of(), Json.parse("{}"))));
    return sent;
  }

  /** The JSON reply after the transformer, read as Anthropic. */
  MessagesResponse json(UpstreamRequest request, String reply) throws Exception {
    UpstreamReply r = transformer.intercept(chain(request, new UpstreamReply.Body(200, Map.of(), Json.parse(reply))));
    return ChatResponseDecoder.decode(((UpstreamReply.Body) r).body(), ROUTE);
  }

  /** The upstream events after the transformer. */
  List<UpstreamEvent> chunks(UpstreamRequest request, String sse) throws Exception {
    EventStream<UpstreamEvent> upstream = SseStreams.parse(new Buffer().writeUtf8(sse));
    UpstreamReply r = transformer.intercept(chain(request, new UpstreamReply.Events(200, Map.of(), upstream)));
    try (EventStream<UpstreamEvent> events = ((UpstreamReply.Events) r).events()) {
      return events.stream().toList();
    }
  }

  /** The stream after the transformer, decoded to Anthropic events. */
  List<StreamEvent> events(UpstreamRequest request, String sse) throws Exception {
    ChatStreamDecoder decoder = new ChatStreamDecoder(ROUTE);
    List<StreamEvent> out = new ArrayList<>();
    for (UpstreamEvent e : chunks(request, sse)) decoder.decode(e, out::add);
    decoder.finish(out::add);
    return out;
  }

  /** The message the events build; the official SDK must build the same one from them. */
  static MessagesResponse accumulate(List<StreamEvent> events) {
    return accumulate(events, true);
  }

  /** As above; {@code sdk} false skips the SDK, for loops that check hundreds of variants of one stream. */
  static MessagesResponse accumulate(List<StreamEvent> events, boolean withSdk) {
    MessageAccumulator acc = new MessageAccumulator();
    events.forEach(acc::accept);
    MessagesResponse ours = acc.message();
    if (!withSdk) return ours;
    try {
      JsonObject sdk = AnthropicSdk.essentials(AnthropicSdk.accumulate(events));
      JsonObject expected = AnthropicSdk.essentials((JsonObject) Json.parse(dev.ccr.model.AnthropicJson.write(ours)));
      if (!sdk.equals(expected)) throw new AssertionError("the Anthropic SDK read " + sdk + " but ccr meant " + expected);
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("the Anthropic SDK could not read the stream", e);
    }
    return ours;
  }

  private Transformer.Chain chain(UpstreamRequest request, UpstreamReply reply) {
    ProviderConfig provider = new ProviderConfig("p", "http://x", null, List.of("m"), List.of(), Map.of(), null);
    return new Transformer.Chain() {
      @Override
      public UpstreamRequest request() {
        return request;
      }

      @Override
      public UpstreamReply proceed(UpstreamRequest r) {
        sent = r;
        return reply;
      }

      @Override
      public MessagesRequest original() {
        return MessagesRequest.builder().model("m").build();
      }

      @Override
      public Route route() {
        return ROUTE;
      }

      @Override
      public ProviderConfig provider() {
        return provider;
      }
    };
  }

  /** SSE text for chunks given as JSON strings. */
  static String sse(String... chunks) {
    StringBuilder sb = new StringBuilder();
    for (String c : chunks) sb.append("data: ").append(c).append("\n\n");
    return sb.append("data: [DONE]\n\n").toString();
  }

  static String delta(String delta) {
    return "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}]}";
  }

  static String finish(String reason) {
    return "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}],"
        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}";
  }
}
