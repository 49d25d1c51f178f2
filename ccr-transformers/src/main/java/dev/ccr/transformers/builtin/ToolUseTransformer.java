package dev.ccr.transformers.builtin;

import dev.ccr.json.Json;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonNull;
import dev.ccr.json.JsonNumber;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import dev.ccr.spi.Transformer;
import dev.ccr.spi.UpstreamEvent;
import dev.ccr.spi.UpstreamRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code tooluse}: for models that answer in text when they should call a tool. Tool use is
 * forced ({@code tool_choice: "required"}) and an {@code ExitTool} is offered; when the model
 * calls it, its {@code response} argument comes back as plain text.
 */
final class ToolUseTransformer extends WireTransformer {
  static final String EXIT_TOOL = "ExitTool";
  private static final String REMINDER = "<system-reminder>Tool mode is active. The user expects you to proactively "
      + "execute the most suitable tool to help complete the task. Before invoking a tool, you must carefully "
      + "evaluate whether it matches the current task. If no available tool is appropriate for the task, you MUST "
      + "call the `ExitTool` to exit tool mode; this is the only valid way to terminate tool mode. Always "
      + "prioritize completing the user's task effectively and efficiently by using tools whenever "
      + "appropriate.</system-reminder>";
  private static final JsonObject EXIT_TOOL_DEFINITION = (JsonObject) Json.parse("{\"type\":\"function\",\"function\":{"
      + "\"name\":\"ExitTool\",\"description\":\"Use this tool when you are in tool mode and have completed the task. "
      + "This is the only valid way to exit tool mode. Before using it, make sure none of the other tools applies.\","
      + "\"parameters\":{\"type\":\"object\",\"properties\":{\"response\":{\"type\":\"string\",\"description\":"
      + "\"Your response, forwarded to the user exactly as written.\"}},\"required\":[\"response\"]}}}");

  @Override
  UpstreamRequest request(UpstreamRequest r) {
    JsonArray tools = r.body().getArray("tools");
    if (!r.format().equals(UpstreamRequest.OPENAI_CHAT) || tools == null || tools.isEmpty()) return r;
    List<JsonValue> messages = new ArrayList<>(r.body().getArray("messages").elements());
    messages.add(JsonObject.builder().put("role", "system").put("content", REMINDER).build());
    List<JsonValue> withExit = new ArrayList<>(tools.elements());
    withExit.add(EXIT_TOOL_DEFINITION);
    return r.withBody(r.body().toBuilder().put("messages", JsonArray.of(messages)).put("tools", JsonArray.of(withExit))
        .put("tool_choice", "required").build());
  }

  @Override
  JsonValue body(JsonValue body, UpstreamRequest request) {
    JsonObject message = Chunks.part(body, "message");
    JsonArray calls = message == null ? null : message.getArray("tool_calls");
    if (calls == null) return body;
    List<JsonValue> kept = new ArrayList<>();
    String text = null;
    for (JsonValue c : calls.elements()) {
      JsonObject f = c.asObject() == null ? null : c.asObject().getObject("function");
      if (f != null && EXIT_TOOL.equals(f.getString("name"))) text = responseOf(f.getString("arguments"));
      else kept.add(c);
    }
    if (text == null) return body;
    JsonObject.Builder m = message.toBuilder().put("content", text);
    if (kept.isEmpty()) m.remove("tool_calls");
    else m.put("tool_calls", JsonArray.of(kept));
    JsonObject out = Chunks.withPart(body, "message", m.build());
    return kept.isEmpty() ? Chunks.withFinish(out, "stop") : out;
  }

  @Override
  StreamEdit stream(UpstreamRequest request) {
    return new StreamEdit() {
      Integer exitIndex;
      final StringBuilder exitArgs = new StringBuilder();
      boolean otherCalls;
      boolean emitted;

      @Override
      public void event(UpstreamEvent e, Consumer<UpstreamEvent> out) {
        JsonObject delta = Chunks.part(e.data(), "delta");
        JsonArray calls = delta == null ? null : delta.getArray("tool_calls");
        UpstreamEvent event = e;
        if (calls != null) {
          List<JsonValue> kept = new ArrayList<>();
          for (JsonValue c : calls.elements()) {
            JsonObject call = c.asObject();
            JsonObject f = call == null ? null : call.getObject("function");
            JsonNumber index = call == null ? null : call.getNumber("index");
            boolean exit = f != null && EXIT_TOOL.equals(f.getString("name"));
            if (exit) exitIndex = index == null ? -1 : index.intValue();
            if (exit || (exitIndex != null && index != null && index.intValue() == exitIndex)) {
              if (f != null && f.getString("arguments") != null) exitArgs.append(f.getString("arguments"));
            } else {
              otherCalls = true;
              kept.add(c);
            }
          }
          if (kept.size() != calls.size()) {
            if (kept.isEmpty() && delta.size() == 1 && Chunks.firstChoice(e.data()).get("finish_reason") instanceof JsonNull) {
              return; // nothing left in this chunk
            }
            JsonObject d = kept.isEmpty() ? delta.without("tool_calls") : delta.with("tool_calls", JsonArray.of(kept));
            event = Chunks.event(e, Chunks.withPart(e.data(), "delta", d));
          }
        }
        JsonObject choice = Chunks.firstChoice(event.data());
        String finish = choice == null ? null : choice.getString("finish_reason");
        if (finish != null && exitIndex != null && !emitted) {
          out.accept(textChunk(event));
          emitted = true;
          if (!otherCalls) event = Chunks.event(event, Chunks.withFinish(event.data(), "stop"));
        }
        out.accept(event);
      }

      @Override
      public void end(Consumer<UpstreamEvent> out) {
        if (exitIndex != null && !emitted) {
          emitted = true;
          out.accept(textChunk(null));
        }
      }

      private UpstreamEvent textChunk(UpstreamEvent like) {
        return Chunks.deltaOnly(like, JsonObject.builder().put("content", responseOf(exitArgs.toString())).build());
      }
    };
  }

  /** The {@code response} argument of an ExitTool call; the raw arguments when they do not parse. */
  static String responseOf(String arguments) {
    if (arguments == null || arguments.isBlank()) return "";
    try {
      JsonValue v = EnhanceToolTransformer.repair(arguments);
      if (v instanceof JsonObject o && o.get("response") instanceof JsonString s) return s.value();
    } catch (IllegalArgumentException e) {
      // fall through
    }
    return arguments;
  }

  public static final class Factory implements Transformer.Factory {
    @Override
    public String name() {
      return "tooluse";
    }

    @Override
    public Transformer create(JsonValue options) {
      return new ToolUseTransformer();
    }
  }
}
