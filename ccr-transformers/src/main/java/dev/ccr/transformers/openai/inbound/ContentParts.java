package dev.ccr.transformers.openai.inbound;

import static dev.ccr.transformers.openai.inbound.ChatRequestReader.invalid;
import static dev.ccr.transformers.openai.inbound.ChatRequestReader.object;
import static dev.ccr.transformers.openai.inbound.ChatRequestReader.string;

import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import dev.ccr.model.ContentBlock;
import dev.ccr.model.DocumentBlock;
import dev.ccr.model.ImageBlock;
import dev.ccr.model.ImageSource;
import dev.ccr.model.TextBlock;
import java.util.Locale;

/** Chat Completions content parts as Anthropic blocks. */
final class ContentParts {
  private ContentParts() {}

  /** A part of a user message: text, an image ({@code data:} or http(s) URL), or a PDF given as file data. */
  static ContentBlock user(String path, JsonObject part) {
    String type = type(path, part);
    switch (type) {
      case "text":
        return TextBlock.of(text(path, part));
      case "image_url":
        return new ImageBlock(image(path + ".image_url", part.get("image_url")), JsonObject.of());
      case "file":
        return file(path + ".file", part.get("file"));
      case "input_audio":
        throw invalid(path + ".type", "audio input is not supported by ccr");
      default:
        throw invalid(path + ".type", "unknown content part type \"" + type + "\" (expected text, image_url or file)");
    }
  }

  /** The text of a {@code text} part, or of a {@code refusal} part (which only assistants write). */
  static String text(String path, JsonObject part) {
    String type = type(path, part);
    String member = type.equals("text") ? "text" : type.equals("refusal") ? "refusal" : null;
    if (member == null) throw invalid(path + ".type", "must be \"text\" here");
    JsonValue text = part.get(member);
    if (text == null) throw invalid(path + "." + member, "Field required");
    return string(path + "." + member, text);
  }

  private static String type(String path, JsonObject part) {
    JsonValue type = part.get("type");
    if (type == null) throw invalid(path + ".type", "Field required");
    return string(path + ".type", type);
  }

  private static ImageSource image(String path, JsonValue v) {
    if (v == null) throw invalid(path, "Field required");
    JsonValue url = object(path, v).get("url");
    if (url == null) throw invalid(path + ".url", "Field required");
    String u = string(path + ".url", url);
    if (u.regionMatches(true, 0, "data:", 0, 5)) {
      DataUrl data = DataUrl.parse(path + ".url", u);
      if (!data.mediaType().startsWith("image/")) throw invalid(path + ".url", "a data URL here must hold an image");
      return ImageSource.base64(data.mediaType(), data.base64());
    }
    String scheme = u.contains(":") ? u.substring(0, u.indexOf(':')).toLowerCase(Locale.ROOT) : "";
    if (scheme.equals("http") || scheme.equals("https")) return ImageSource.url(u);
    throw invalid(path + ".url", "must be an http(s) URL or a base64 data URL");
  }

  private static ContentBlock file(String path, JsonValue v) {
    if (v == null) throw invalid(path, "Field required");
    JsonObject f = object(path, v);
    JsonValue data = ChatRequestReader.present(f, "file_data");
    if (data == null) {
      throw invalid(path + ".file_data", "Field required (uploaded files, file_id, cannot be read by ccr)");
    }
    String d = string(path + ".file_data", data);
    DataUrl url = d.regionMatches(true, 0, "data:", 0, 5) ? DataUrl.parse(path + ".file_data", d)
        : new DataUrl("application/pdf", d); // the SDKs also send the bare base64
    if (!url.mediaType().equals("application/pdf")) throw invalid(path + ".file_data", "only PDF files are supported");
    JsonObject source = JsonObject.builder().put("type", "base64").put("media_type", url.mediaType())
        .put("data", url.base64()).build();
    JsonValue name = ChatRequestReader.present(f, "filename");
    return new DocumentBlock(source, name == null ? null : string(path + ".filename", name), null, JsonObject.of());
  }

  /** A {@code data:<type>;base64,<data>} URL. */
  record DataUrl(String mediaType, String base64) {
    static DataUrl parse(String path, String url) {
      int comma = url.indexOf(',');
      String header = comma < 0 ? "" : url.substring(5, comma);
      if (comma < 0 || !header.toLowerCase(Locale.ROOT).endsWith(";base64")) {
        throw invalid(path, "a data URL must be base64: data:<media type>;base64,<data>");
      }
      String type = header.substring(0, header.length() - ";base64".length()).toLowerCase(Locale.ROOT);
      return new DataUrl(type.isEmpty() ? "application/octet-stream" : type, url.substring(comma + 1));
    }
  }
}
