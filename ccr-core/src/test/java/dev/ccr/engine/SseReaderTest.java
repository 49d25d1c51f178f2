package dev.ccr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

class SseReaderTest {
  static final String STREAM = ": OPENROUTER PROCESSING\r\n\r\n"
      + "event: message_start\r\ndata: {\"a\":1}\r\n\r\n"
      + "data: {\"b\":\"\u00e9\ud83d\ude00\"}\n\n"
      + "data: line1\rdata: line2\r\r"
      + "id: 7\nretry: 100\nevent: x\ndata:nospace\n\n"
      + "data: [DONE]\n\n"
      + "data: {\"tail\":true}";

  static final List<SseReader.Event> EXPECTED = List.of(
      new SseReader.Event("message_start", "{\"a\":1}"),
      new SseReader.Event(null, "{\"b\":\"\u00e9\ud83d\ude00\"}"),
      new SseReader.Event(null, "line1\nline2"),
      new SseReader.Event("x", "nospace"),
      new SseReader.Event(null, "[DONE]"),
      new SseReader.Event(null, "{\"tail\":true}"));

  @Test
  void readsEventsCommentsLineEndsAndAnUnterminatedLastEvent() throws IOException {
    assertThat(readAll(Okio.buffer((Source) new Buffer().writeUtf8(STREAM)))).isEqualTo(EXPECTED);
  }

  @Test
  void everySplitPointGivesTheSameEvents() throws IOException {
    byte[] bytes = STREAM.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int split = 1; split < bytes.length; split++) {
      assertThat(readAll(Okio.buffer(new Chunked(bytes, split)))).as("split at %d", split).isEqualTo(EXPECTED);
    }
  }

  @Test
  void oneByteAtATimeGivesTheSameEvents() throws IOException {
    byte[] bytes = STREAM.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(readAll(Okio.buffer(new Chunked(bytes, 1, 1)))).isEqualTo(EXPECTED);
  }

  private static List<SseReader.Event> readAll(BufferedSource source) throws IOException {
    SseReader reader = new SseReader(source);
    List<SseReader.Event> out = new ArrayList<>();
    for (SseReader.Event e; (e = reader.next()) != null; ) out.add(e);
    return out;
  }

  /** Hands out the bytes in reads that end at {@code split}, then in reads of {@code step} bytes. */
  static final class Chunked implements Source {
    private final byte[] bytes;
    private final int split;
    private final int step;
    private int pos;

    Chunked(byte[] bytes, int split) {
      this(bytes, split, Integer.MAX_VALUE);
    }

    Chunked(byte[] bytes, int split, int step) {
      this.bytes = bytes;
      this.split = split;
      this.step = step;
    }

    @Override
    public long read(Buffer sink, long byteCount) {
      if (pos >= bytes.length) return -1;
      int end = pos < split ? split : (int) Math.min(bytes.length, (long) pos + step);
      end = (int) Math.min(end, Math.min(bytes.length, pos + byteCount));
      sink.write(bytes, pos, end - pos);
      int n = end - pos;
      pos = end;
      return n;
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }
}
