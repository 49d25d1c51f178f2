package dev.ccr.transformers.openai;

import dev.ccr.ProviderException;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.TextBlock;
import dev.ccr.model.ThinkingBlock;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.model.Usage;
import dev.ccr.routing.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Chat Completions JSON reply to an Anthropic message: thinking, text, then tool calls. */
public final class ChatResponseDecoder {
  private ChatResponseDecoder() {}

  public static MessagesResponse decode(JsonValue body, Route route) {
    JsonObject o = body.asObject();
    if (o == null) throw bad(route, "the reply is not a JSON object");
    if (o.get("error") != null && o.getArray("choices") == null) {
      JsonObject e = o.getObject("error");
      String message = e != null && e.getString("message") != null ? e.getString("message") : o.get("error").toJson();
      throw new ProviderException(route.provider(), route.model(), 502, route.target() + ": " + message, Map.of(), null);
    }
    JsonArray choices = o.getArray("choices");
    if (choices == null || choices.isEmpty() || choices.get(0).asObject() == null) {
      throw bad(route, "the reply has no choices");
    }
    JsonObject choice = choices.get(0).asObject();
    JsonObject message = choice.getObject("message");
    if (message == null) message = JsonObject.of();
    List<ContentBlock> content = new ArrayList<>();
    String reasoning = ChatWire.reasoning(message);
    String signature = signature(message);
    if (reasoning != null && !reasoning.isEmpty()) {
      content.add(new ThinkingBlock(reasoning, signature != null ? signature : dev.ccr.transformers.Signatures.standIn(reasoning), null));
    }
    String text = ChatWire.text(message.get("content"));
    if (!text.isEmpty()) content.add(TextBlock.of(text));
    JsonArray calls = message.getArray("tool_calls");
    if (calls != null) {
      for (JsonValue c : calls.elements()) {
        JsonObject call = c.asObject();
        if (call == null) continue;
        JsonObject f = call.getObject("function");
        if (f == null || f.getString("name") == null) continue;
        content.add(new ToolUseBlock(ChatWire.toolId(call.get("id")), f.getString("name"),
            ChatWire.arguments(f.getString("arguments")), null));
      }
    }
    String finish = choice.getString("finish_reason");
    if ("error".equals(finish)) throw bad(route, "the provider reported an error while generating");
    Usage usage = ChatWire.usage(o.getObject("usage"));
    return new MessagesResponse(ChatWire.messageId(o.getString("id")), "assistant",
        o.getString("model") != null ? o.getString("model") : route.model(), content,
        ChatWire.stopReason(finish, calls != null && !calls.isEmpty()), null,
        usage != null ? usage : new Usage(0, 0, 0, 0, null), null);
  }

  private static String signature(JsonObject message) {
    JsonArray details = message.getArray("reasoning_details");
    if (details == null) return null;
    for (JsonValue d : details.elements()) {
      if (d instanceof JsonObject o && o.getString("signature") != null) return o.getString("signature");
    }
    return null;
  }

  private static ProviderException bad(Route route, String why) {
    return new ProviderException(route.provider(), route.model(), 502, route.target() + ": " + why, Map.of(), null);
  }
}
