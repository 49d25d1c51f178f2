package dev.ccr.model;

import dev.ccr.json.JsonObject;
import java.util.Objects;

/** One turn of the conversation: role {@code user}, {@code assistant} or {@code system}. */
public record Message(String role, Content content, JsonObject extra) {
  public static final String USER = "user";
  public static final String ASSISTANT = "assistant";
  public static final String SYSTEM = "system";

  public Message {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    extra = Extra.orEmpty(extra);
  }

  public static Message user(String text) {
    return new Message(USER, Content.of(text), JsonObject.of());
  }

  public static Message assistant(String text) {
    return new Message(ASSISTANT, Content.of(text), JsonObject.of());
  }

  public static Message of(String role, ContentBlock... blocks) {
    return new Message(role, Content.of(blocks), JsonObject.of());
  }

  public boolean isUser() {
    return USER.equals(role);
  }

  public boolean isAssistant() {
    return ASSISTANT.equals(role);
  }

  public boolean isSystem() {
    return SYSTEM.equals(role);
  }

  public Message withContent(Content content) {
    return new Message(role, content, extra);
  }
}
