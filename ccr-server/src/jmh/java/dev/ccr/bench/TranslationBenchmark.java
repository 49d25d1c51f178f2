package dev.ccr.bench;

import dev.ccr.EventStream;
import dev.ccr.engine.SseStreams;
import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.StreamEvent;
import dev.ccr.routing.Route;
import dev.ccr.spi.UpstreamEvent;
import dev.ccr.testing.Fixtures;
import dev.ccr.transformers.openai.ChatDialect;
import dev.ccr.transformers.openai.ChatRequestEncoder;
import dev.ccr.transformers.openai.ChatStreamDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Translation cost per request and per stream event, each next to a baseline measured in the
 * same run: reading and writing the same JSON without translating it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TranslationBenchmark {
  static final Route ROUTE = Route.of("bench", "gpt-x", "default", "benchmark");

  String capture;
  byte[] stream;
  final ChatRequestEncoder encoder = new ChatRequestEncoder(ChatDialect.DEFAULT, "bench");

  @Setup
  public void setUp() {
    capture = Fixtures.claudeCodeBodyText("tool-read-turn2");
    StringBuilder sb = new StringBuilder();
    sb.append("data: {\"id\":\"c\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n");
    for (int i = 0; i < 150; i++) {
      sb.append("data: {\"id\":\"c\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"token ")
          .append(i).append(" \"}}]}\n\n");
    }
    sb.append("data: {\"id\":\"c\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
        + "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"\"}}]}}]}\n\n");
    for (int i = 0; i < 46; i++) {
      sb.append("data: {\"id\":\"c\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
          + "\"function\":{\"arguments\":\"").append(i == 0 ? "{\\\"p\\\":\\\"" : "x").append("\"}}]}}]}\n\n");
    }
    sb.append("data: {\"id\":\"c\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
        + "\"function\":{\"arguments\":\"\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n");
    sb.append("data: {\"id\":\"c\",\"model\":\"gpt-x\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":200}}\n\n");
    sb.append("data: [DONE]\n\n");
    stream = sb.toString().getBytes(StandardCharsets.UTF_8); // 200 events
  }

  /** Baseline: parse the 50 KB capture into a JSON tree and write it back. */
  @Benchmark
  public String requestJsonRoundTripBaseline() {
    return Json.write(Json.parse(capture));
  }

  /** Parse the capture into the typed model, translate it to Chat Completions and write the body. */
  @Benchmark
  public String requestTranslation() {
    MessagesRequest r = AnthropicJson.readRequest(capture);
    JsonObject body = encoder.encode(r);
    return Json.write(body);
  }

  /** Baseline: read the 200 SSE events and their JSON, and write each back. */
  @Benchmark
  public void streamParseBaseline(Blackhole bh) {
    try (EventStream<UpstreamEvent> events = SseStreams.parse(new Buffer().write(stream))) {
      for (UpstreamEvent e : events) bh.consume(Json.write(e.data()));
    }
  }

  /** Read the 200 events, translate each to Anthropic events and write them as SSE data. */
  @Benchmark
  public void streamTranslation(Blackhole bh) {
    ChatStreamDecoder decoder = new ChatStreamDecoder(ROUTE);
    try (EventStream<UpstreamEvent> events = SseStreams.parse(new Buffer().write(stream))) {
      for (UpstreamEvent e : events) decoder.decode(e, out -> bh.consume(AnthropicJson.write(out)));
    }
    decoder.finish(out -> bh.consume(AnthropicJson.write(out)));
  }

}
