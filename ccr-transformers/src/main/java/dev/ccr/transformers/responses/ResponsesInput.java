package dev.ccr.transformers.responses;

import dev.ccr.InvalidRequestException;
import dev.ccr.json.JsonArray;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.Content;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.DocumentBlock;
import dev.ccr.model.ImageBlock;
import dev.ccr.model.ImageSource;
import dev.ccr.model.Message;
import dev.ccr.model.RedactedThinkingBlock;
import dev.ccr.model.ServerToolUseBlock;
import dev.ccr.model.TextBlock;
import dev.ccr.model.ThinkingBlock;
import dev.ccr.model.ToolUseBlock;
import dev.ccr.transformers.openai.ChatRequestEncoder;
import dev.ccr.transformers.openai.UserTurn;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anthropic turns as Responses {@code input} items, in order: {@code message} items ({@code
 * input_text}, {@code input_image}, {@code input_file}; assistant {@code output_text}), {@code
 * function_call} and {@code function_call_output} items, and {@code reasoning} items for thinking
 * this API signed. No item carries an {@code id}: with {@code store: false} the API would look the
 * id up and answer 404, so everything goes inline.
 */
final class ResponsesInput {
  private static final Logger log = LoggerFactory.getLogger(ResponsesInput.class);

  private final String provider;

  ResponsesInput(String provider) {
    this.provider = provider;
  }

  List<JsonValue> items(List<Message> messages) {
    List<JsonValue> input = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      if (m.isSystem()) {
        String t = ChatRequestEncoder.systemText(m.content());
        if (!t.isEmpty()) input.add(message("system", List.of(inputText(t))));
      } else if (m.isAssistant()) {
        assistant(m.content(), input);
      } else {
        user(m.content(), "messages." + i, input);
      }
    }
    return input;
  }

  /** Tool results first, as {@code function_call_output} items in order; then the rest of the turn as one message. */
  private void user(Content content, String path, List<JsonValue> input) {
    UserTurn turn = UserTurn.of(content, path, parts);
    for (UserTurn.ToolOutput o : turn.toolOutputs()) {
      input.add(JsonObject.builder().put("type", "function_call_output").put("call_id", o.toolUseId())
          .put("output", o.text()).build());
    }
    if (!turn.parts().isEmpty()) input.add(message("user", turn.parts()));
  }

  /** Responses content parts: {@code input_text}, {@code input_image}, {@code input_file}. */
  private final UserTurn.Parts parts = new UserTurn.Parts() {
    @Override
    public JsonValue part(ContentBlock b, String path) {
      if (b instanceof TextBlock t) return t.text().isEmpty() ? null : inputText(t.text());
      if (b instanceof ImageBlock img) return inputImage(img.source(), path);
      if (b instanceof DocumentBlock d) return document(d, path);
      if (b instanceof ThinkingBlock || b instanceof RedactedThinkingBlock) return null; // only assistants think
      return inputText("[" + b.type() + "] " + AnthropicJson.write(b));
    }

    @Override
    public JsonValue image(ImageSource source, String path) {
      return inputImage(source, path);
    }

    @Override
    public JsonValue text(String text) {
      return inputText(text);
    }
  };

  /**
   * Assistant blocks in order: runs of text as one assistant message, tool calls as {@code
   * function_call} items, thinking this API signed as {@code reasoning} items. Other thinking
   * (another provider's, or a stand-in) is dropped: its signature means nothing here.
   */
  private void assistant(Content content, List<JsonValue> input) {
    if (content instanceof Content.Text t) {
      if (!t.value().isEmpty()) input.add(message("assistant", List.of(outputText(t.value()))));
      return;
    }
    List<JsonValue> text = new ArrayList<>();
    for (ContentBlock b : content.blocks()) {
      if (b instanceof TextBlock t) {
        if (!t.text().isEmpty()) text.add(outputText(t.text()));
        continue;
      }
      if (b instanceof ServerToolUseBlock) continue; // the provider ran it; its result block carries what matters
      JsonObject item = null;
      if (b instanceof ToolUseBlock u) {
        item = JsonObject.builder().put("type", "function_call").put("call_id", u.id()).put("name", u.name())
            .put("arguments", u.input().toJson()).build();
      } else if (b instanceof ThinkingBlock t) {
        String encrypted = ResponsesWire.encryptedContent(t.signature());
        if (encrypted == null) {
          log.debug("{}: thinking not signed by a Responses API dropped from the history", provider);
          continue;
        }
        List<JsonValue> summary = new ArrayList<>();
        if (!t.thinking().isEmpty()) {
          summary.add(JsonObject.builder().put("type", "summary_text").put("text", t.thinking()).build());
        }
        item = JsonObject.builder().put("type", "reasoning").put("summary", JsonArray.of(summary))
            .put("encrypted_content", encrypted).build();
      } else if (b instanceof RedactedThinkingBlock) {
        continue;
      } else {
        text.add(outputText("[" + b.type() + "] " + AnthropicJson.write(b)));
        continue;
      }
      flush(text, input);
      input.add(item);
    }
    flush(text, input);
  }

  private static void flush(List<JsonValue> text, List<JsonValue> input) {
    if (text.isEmpty()) return;
    input.add(message("assistant", List.copyOf(text)));
    text.clear();
  }

  private static JsonObject message(String role, List<JsonValue> content) {
    return JsonObject.builder().put("type", "message").put("role", role).put("content", JsonArray.of(content)).build();
  }

  private static JsonObject inputText(String text) {
    return JsonObject.builder().put("type", "input_text").put("text", text).build();
  }

  private static JsonObject outputText(String text) {
    return JsonObject.builder().put("type", "output_text").put("text", text).build();
  }

  private JsonObject inputImage(ImageSource s, String path) {
    return JsonObject.builder().put("type", "input_image").put("image_url", UserTurn.imageUrl(s, path, provider))
        .put("detail", "auto").build();
  }

  private JsonObject document(DocumentBlock d, String path) {
    String type = d.sourceType() == null ? "" : d.sourceType();
    String title = d.title() == null ? "" : "Document: " + d.title() + "\n\n";
    if (type.equals("text")) return inputText(title + d.source().getString("data"));
    if (type.equals("base64") && "application/pdf".equals(d.mediaType())) {
      return JsonObject.builder().put("type", "input_file").put("filename", d.title() != null ? d.title() : "document.pdf")
          .put("file_data", "data:application/pdf;base64," + d.source().getString("data")).build();
    }
    if (type.equals("url") && d.source().getString("url") != null) {
      return JsonObject.builder().put("type", "input_file").put("file_url", d.source().getString("url")).build();
    }
    throw new InvalidRequestException(path + ": documents of type " + (d.mediaType() != null ? d.mediaType() : type)
        + " cannot be sent to provider \"" + provider + "\", which takes text, PDF and URL documents");
  }
}
