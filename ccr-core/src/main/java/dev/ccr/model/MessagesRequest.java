package dev.ccr.model;

import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * A Messages API request as a client sent it. Optional members are null when absent; members ccr
 * does not model ({@code output_config}, {@code context_management}, ...) are kept in {@code extra}
 * and written back unchanged.
 */
public record MessagesRequest(
    String model,
    List<Message> messages,
    Content system,
    Integer maxTokens,
    List<String> stopSequences,
    Double temperature,
    Double topP,
    Integer topK,
    Boolean stream,
    Metadata metadata,
    List<Tool> tools,
    ToolChoice toolChoice,
    Thinking thinking,
    JsonObject extra) {

  public MessagesRequest {
    messages = messages == null ? List.of() : List.copyOf(messages);
    stopSequences = stopSequences == null ? null : List.copyOf(stopSequences);
    tools = tools == null ? null : List.copyOf(tools);
    extra = Extra.orEmpty(extra);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** True when the client asked for a stream. */
  public boolean isStream() {
    return Boolean.TRUE.equals(stream);
  }

  /** True when thinking is {@code enabled} or {@code adaptive}. */
  public boolean isThinking() {
    return thinking != null && thinking.isOn();
  }

  public MessagesRequest withModel(String model) {
    return toBuilder().model(model).build();
  }

  /** Builds a {@link MessagesRequest}. */
  public static final class Builder {
    private String model;
    private List<Message> messages = new ArrayList<>();
    private Content system;
    private Integer maxTokens;
    private List<String> stopSequences;
    private Double temperature;
    private Double topP;
    private Integer topK;
    private Boolean stream;
    private Metadata metadata;
    private List<Tool> tools;
    private ToolChoice toolChoice;
    private Thinking thinking;
    private JsonObject.Builder extra = JsonObject.builder();

    private Builder() {}

    private Builder(MessagesRequest r) {
      model = r.model;
      messages = new ArrayList<>(r.messages);
      system = r.system;
      maxTokens = r.maxTokens;
      stopSequences = r.stopSequences;
      temperature = r.temperature;
      topP = r.topP;
      topK = r.topK;
      stream = r.stream;
      metadata = r.metadata;
      tools = r.tools;
      toolChoice = r.toolChoice;
      thinking = r.thinking;
      extra = r.extra.toBuilder();
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder messages(List<Message> messages) {
      this.messages = new ArrayList<>(messages);
      return this;
    }

    public Builder addMessage(Message message) {
      this.messages.add(message);
      return this;
    }

    public Builder system(Content system) {
      this.system = system;
      return this;
    }

    public Builder system(String system) {
      this.system = system == null ? null : Content.of(system);
      return this;
    }

    public Builder maxTokens(Integer maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    public Builder stopSequences(List<String> stopSequences) {
      this.stopSequences = stopSequences;
      return this;
    }

    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    public Builder topP(Double topP) {
      this.topP = topP;
      return this;
    }

    public Builder topK(Integer topK) {
      this.topK = topK;
      return this;
    }

    public Builder stream(Boolean stream) {
      this.stream = stream;
      return this;
    }

    public Builder metadata(Metadata metadata) {
      this.metadata = metadata;
      return this;
    }

    public Builder tools(List<Tool> tools) {
      this.tools = tools;
      return this;
    }

    public Builder toolChoice(ToolChoice toolChoice) {
      this.toolChoice = toolChoice;
      return this;
    }

    public Builder thinking(Thinking thinking) {
      this.thinking = thinking;
      return this;
    }

    /** Sets a member ccr does not model, such as {@code output_config}. */
    public Builder extra(String name, JsonValue value) {
      this.extra.put(name, value);
      return this;
    }

    public Builder removeExtra(String name) {
      this.extra.remove(name);
      return this;
    }

    public MessagesRequest build() {
      return new MessagesRequest(
          model, messages, system, maxTokens, stopSequences, temperature, topP, topK, stream,
          metadata, tools, toolChoice, thinking, extra.build());
    }
  }
}
