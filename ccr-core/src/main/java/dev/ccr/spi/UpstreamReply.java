package dev.ccr.spi;

import dev.ccr.EventStream;
import dev.ccr.json.JsonValue;
import java.util.List;
import java.util.Map;

/** A provider's successful reply: one JSON body, or a stream of events read as they arrive. */
public sealed interface UpstreamReply {

  int status();

  /** Response headers, names in lower case. */
  Map<String, List<String>> headers();

  /** A JSON body. */
  record Body(int status, Map<String, List<String>> headers, JsonValue body) implements UpstreamReply {}

  /** A server-sent event stream; closing it cancels the call. */
  record Events(int status, Map<String, List<String>> headers, EventStream<UpstreamEvent> events)
      implements UpstreamReply {}
}
