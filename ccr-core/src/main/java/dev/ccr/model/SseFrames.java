package dev.ccr.model;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import okio.BufferedSink;

/**
 * Server-sent event framing of Anthropic stream events: {@code event:} and {@code data:} lines,
 * written as UTF-8 straight into the caller's sink (a proxy reuses one buffer per stream, so no
 * String is made per event).
 */
final class SseFrames {
  private SseFrames() {}

  static void write(StreamEvent event, BufferedSink sink) throws IOException {
    sink.writeUtf8("event: ").writeUtf8(event.type()).writeUtf8("\ndata: ");
    JsonWriter w = JsonWriter.of(sink);
    w.setSerializeNulls(true);
    AnthropicWriter.writeEvent(w, event);
    w.flush();
    sink.writeUtf8("\n\n");
  }
}
