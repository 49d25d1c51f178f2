package dev.ccr.model;

import dev.ccr.json.JsonObject;
import java.util.List;
import java.util.Objects;

/** A {@code {"type":"message"}} response; stop fields are null while a stream is still running. */
public record MessagesResponse(
    String id,
    String role,
    String model,
    List<ContentBlock> content,
    String stopReason,
    String stopSequence,
    Usage usage,
    JsonObject extra) {
  public MessagesResponse {
    Objects.requireNonNull(id, "id");
    role = role == null ? Message.ASSISTANT : role;
    content = List.copyOf(content);
    extra = Extra.orEmpty(extra);
  }

  /** The text of every text block, joined. */
  public String text() {
    return Content.of(content).text();
  }

  public MessagesResponse withContent(List<ContentBlock> content) {
    return new MessagesResponse(id, role, model, content, stopReason, stopSequence, usage, extra);
  }

  public MessagesResponse withModel(String model) {
    return new MessagesResponse(id, role, model, content, stopReason, stopSequence, usage, extra);
  }
}
