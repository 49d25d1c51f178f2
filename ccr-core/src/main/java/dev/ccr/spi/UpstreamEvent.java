package dev.ccr.spi;

import dev.ccr.json.JsonValue;
import java.util.Objects;

/** One server-sent event from a provider: its {@code event} name (null when absent) and its JSON data. */
public record UpstreamEvent(String event, JsonValue data) {
  public UpstreamEvent {
    Objects.requireNonNull(data, "data");
  }
}
