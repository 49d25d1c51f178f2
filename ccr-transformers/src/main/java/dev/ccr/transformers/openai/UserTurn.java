package dev.ccr.transformers.openai;

import dev.ccr.InvalidRequestException;
import dev.ccr.json.JsonValue;
import dev.ccr.model.Content;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.ImageBlock;
import dev.ccr.model.ImageSource;
import dev.ccr.model.TextBlock;
import dev.ccr.model.ToolResultBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * An Anthropic user turn as both OpenAI request formats (Chat Completions, Responses) take it: its
 * tool results first, each as text, then the rest of the turn as content parts. Those APIs carry a
 * tool's output as text only, so images a tool returned open the parts, after a line saying where
 * they came from. Each format writes the parts its own way ({@link Parts}).
 */
public record UserTurn(List<ToolOutput> toolOutputs, List<JsonValue> parts) {
  /** The text of one tool result, for the call {@code toolUseId}. */
  public record ToolOutput(String toolUseId, String text) {}

  /** How one format writes content parts. */
  public interface Parts {
    /** The part for a block that is not a tool result, or null when there is nothing to send. */
    JsonValue part(ContentBlock block, String path);

    /** The part for an image, at {@code path} for error messages. */
    JsonValue image(ImageSource source, String path);

    /** A text part. */
    JsonValue text(String text);
  }

  public static UserTurn of(Content content, String path, Parts parts) {
    if (content instanceof Content.Text t) return new UserTurn(List.of(), List.of(parts.text(t.value())));
    List<ToolOutput> outputs = new ArrayList<>();
    List<JsonValue> rest = new ArrayList<>();
    List<JsonValue> toolImages = new ArrayList<>();
    List<ContentBlock> blocks = content.blocks();
    for (int i = 0; i < blocks.size(); i++) {
      ContentBlock b = blocks.get(i);
      String p = path + ".content." + i;
      if (b instanceof ToolResultBlock r) {
        outputs.add(new ToolOutput(r.toolUseId(), toolText(r, p, parts, toolImages)));
      } else {
        JsonValue part = parts.part(b, p);
        if (part != null) rest.add(part);
      }
    }
    if (toolImages.isEmpty()) return new UserTurn(outputs, rest);
    List<JsonValue> withImages = new ArrayList<>(toolImages.size() + rest.size() + 1);
    withImages.add(parts.text("Images returned by the tool calls above:"));
    withImages.addAll(toolImages);
    withImages.addAll(rest);
    return new UserTurn(outputs, withImages);
  }

  /** A tool result's text ("Error: " first for an error), its images given to {@code images}. */
  private static String toolText(ToolResultBlock r, String path, Parts parts, List<JsonValue> images) {
    StringBuilder text = new StringBuilder();
    if (r.error()) text.append("Error: ");
    if (r.content() instanceof Content.Text t) {
      text.append(t.value());
    } else if (r.content() != null) {
      List<ContentBlock> blocks = r.content().blocks();
      boolean first = true;
      for (int i = 0; i < blocks.size(); i++) {
        ContentBlock b = blocks.get(i);
        if (b instanceof ImageBlock img) {
          images.add(parts.image(img.source(), path + ".content." + i));
          continue;
        }
        if (!first) text.append('\n');
        text.append(b instanceof TextBlock tb ? tb.text() : ChatRequestEncoder.blockAsText(b));
        first = false;
      }
    }
    return text.toString();
  }

  /** An image as the URL both formats take: a data URL for base64 data, or the image's own URL. */
  public static String imageUrl(ImageSource s, String path, String provider) {
    if ("base64".equals(s.type()) && s.data() != null) {
      return "data:" + (s.mediaType() == null ? "image/png" : s.mediaType()) + ";base64," + s.data();
    }
    if ("url".equals(s.type()) && s.url() != null) return s.url();
    throw new InvalidRequestException(path + ": image source \"" + s.type() + "\" cannot be sent to provider \""
        + provider + "\" (use a base64 or url source)");
  }
}
