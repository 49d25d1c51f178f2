package dev.ccr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ForwardedReply;
import dev.ccr.routing.Route;
import dev.ccr.testing.FakeClock;
import dev.ccr.testing.Tries;
import dev.ccr.usage.PriceTable;
import dev.ccr.usage.UsageLedger;
import dev.ccr.usage.UsageRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Forwarded bytes pass unchanged, and the usage in them is found however the reads split them. */
class MeteredForwardTest {
  static final String STREAM = "event: message_start\n"
      + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\","
      + "\"model\":\"x\",\"content\":[],\"usage\":{\"input_tokens\":120,\"cache_read_input_tokens\":7,\"output_tokens\":1}}}\n\n"
      + "event: content_block_delta\n"
      + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"say \\\"usage\\\"\"}}\n\n"
      + "event: message_delta\n"
      + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":42}}\n\n"
      + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

  final UsageLedger ledger = new UsageLedger();

  @AfterEach
  void close() {
    ledger.close();
  }

  private MeteredForward forward(String contentType, byte[] body, int maxRead) {
    ForwardedReply reply = new ForwardedReply() {
      final InputStream in = new ByteArrayInputStream(body) {
        @Override
        public synchronized int read(byte[] b, int off, int len) {
          return super.read(b, off, Math.min(len, maxRead));
        }
      };

      @Override
      public int status() {
        return 200;
      }

      @Override
      public Map<String, List<String>> headers() {
        return Map.of("content-type", List.of(contentType));
      }

      @Override
      public InputStream body() {
        return in;
      }

      @Override
      public void close() {}
    };
    Meter meter = new Meter(ledger, PriceTable.builtIn(), new FakeClock(), "req_1", Route.of("up", "m", "default", "test"));
    return new MeteredForward(reply, meter, ledger);
  }

  private static byte[] readAll(MeteredForward f, Random r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 + r.nextInt(64)];
    for (int n; (n = f.body().read(buf, 0, buf.length)) > 0; ) out.write(buf, 0, n);
    return out.toByteArray();
  }

  private UsageRecord record() throws InterruptedException {
    ledger.flush();
    return ledger.recent(1).get(0);
  }

  @TestFactory
  Stream<DynamicTest> streamUsageIsFoundHoweverTheReadsSplitTheLines() {
    return Tries.of("forwarded stream usage", 20, r -> {
      byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
      MeteredForward f = forward("text/event-stream", body, 1 + r.nextInt(40));

      assertThat(readAll(f, r)).isEqualTo(body);
      f.close();

      assertThat(f.usage().inputTokens()).isEqualTo(120);
      assertThat(f.usage().outputTokens()).isEqualTo(42);
      UsageRecord rec = record();
      assertThat(rec.status()).isEqualTo(200);
      assertThat(rec.errorType()).isNull();
      assertThat(rec.inputTokens()).isEqualTo(120);
      assertThat(rec.cacheReadTokens()).isEqualTo(7);
      assertThat(rec.outputTokens()).isEqualTo(42);
    });
  }

  @Test
  void aJsonReplysUsageIsReadAtItsEnd() throws Exception {
    byte[] body = ("{\"id\":\"m\",\"type\":\"message\",\"content\":[],\"usage\":{\"input_tokens\":9,\"output_tokens\":3}}")
        .getBytes(StandardCharsets.UTF_8);
    MeteredForward f = forward("application/json", body, 7);

    assertThat(readAll(f, new Random(1))).isEqualTo(body);

    UsageRecord rec = record();
    assertThat(rec.inputTokens()).isEqualTo(9);
    assertThat(rec.outputTokens()).isEqualTo(3);
    assertThat(ledger.openStreams()).as("a JSON reply is no stream").isZero();
  }

  @Test
  void anErrorEventMarksTheRecordFailedAndALeavingClientCancelled() throws Exception {
    String failing = STREAM.substring(0, STREAM.indexOf("event: message_delta"))
        + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}\n\n";
    MeteredForward f = forward("text/event-stream", failing.getBytes(StandardCharsets.UTF_8), 100);
    readAll(f, new Random(2));
    f.close();
    assertThat(record().errorType()).isEqualTo("api_error");

    MeteredForward left = forward("text/event-stream", STREAM.getBytes(StandardCharsets.UTF_8), 100);
    assertThat(ledger.openStreams()).isEqualTo(1);
    left.body().read(new byte[100]);
    left.close();
    UsageRecord cancelled = record();
    assertThat(cancelled.status()).isEqualTo(499);
    assertThat(cancelled.errorType()).isEqualTo(UsageRecord.CANCELLED);
    assertThat(ledger.openStreams()).isZero();
  }

  @Test
  void anEndlessLineIsNotHeldInMemory() throws Exception {
    // Were the line read, its usage would replace the stream's input tokens.
    String huge = STREAM + "data: {\"usage\":{\"input_tokens\":1}, \"pad\":\"" + "x".repeat(3 << 20) + "\"}\n\n";
    MeteredForward f = forward("text/event-stream", huge.getBytes(StandardCharsets.UTF_8), 64 * 1024);
    readAll(f, new Random(3));
    f.close();
    assertThat(record().inputTokens()).as("the long line was skipped").isEqualTo(120);
  }
}
