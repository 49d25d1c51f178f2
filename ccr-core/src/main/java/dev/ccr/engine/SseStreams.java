package dev.ccr.engine;

import dev.ccr.EventStream;
import dev.ccr.ProviderException;
import dev.ccr.json.Json;
import dev.ccr.json.JsonParseException;
import dev.ccr.spi.UpstreamEvent;
import java.io.IOException;
import java.util.Map;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;

/** Server-sent JSON events read from bytes as they arrive, up to the end or {@code [DONE]}. */
public final class SseStreams {
  private SseStreams() {}

  /** Events of a recorded or live stream; closing the result closes {@code source}. */
  public static EventStream<UpstreamEvent> parse(BufferedSource source) {
    return parse(source, "upstream", "model", "the stream", () -> {}, ended -> {
      try {
        source.close();
      } catch (IOException ignored) {
        // already closed
      }
    });
  }

  /**
   * Events of a provider's stream; failures name the provider, and {@code release} runs on close,
   * told whether the stream had reached its end (so the connection can be kept) or was cut short.
   */
  static EventStream<UpstreamEvent> parse(BufferedSource source, String provider, String model, String url,
      Runnable firstEvent, java.util.function.Consumer<Boolean> release) {
    Runnable[] beforeWait = {null};
    // Reads pass through here only when the buffer above is drained: the moment to let a writer flush.
    Source watched = new ForwardingSource(source) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        Runnable r = beforeWait[0];
        if (r != null && source.getBuffer().size() == 0) r.run(); // the read below may block
        return super.read(sink, byteCount);
      }
    };
    SseReader reader = new SseReader(Okio.buffer(watched));
    return new EventStream<>() {
      private boolean started;
      private boolean ended;

      @Override
      public boolean onWait(Runnable action) {
        beforeWait[0] = action;
        return true;
      }

      @Override
      protected UpstreamEvent read() {
        try {
          while (true) {
            SseReader.Event e = reader.next();
            if (!started) {
              started = true;
              firstEvent.run(); // from here on, the gap between events is what is timed
            }
            if (e == null || e.data().equals("[DONE]")) {
              ended = true;
              return null;
            }
            if (e.data().isBlank()) continue;
            try {
              return new UpstreamEvent(e.name(), Json.parse(e.data()));
            } catch (JsonParseException bad) {
              throw new ProviderException(provider, model, 502, provider + "," + model
                  + " sent a stream event that is not JSON: " + ProviderErrors.message(e.data()), Map.of(), bad);
            }
          }
        } catch (IOException io) {
          if (isClosed()) return null;
          throw HttpTransport.unreachable(provider, model, url, io);
        }
      }

      @Override
      protected void release() {
        release.accept(ended);
      }
    };
  }
}
