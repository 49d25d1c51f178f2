package dev.ccr.model;

import dev.ccr.json.JsonObject;
import java.util.Objects;

/** Where an image comes from: {@code base64} (mediaType, data), {@code url} (url), or another type. */
public record ImageSource(String type, String mediaType, String data, String url, JsonObject extra) {
  public ImageSource {
    Objects.requireNonNull(type, "type");
    extra = Extra.orEmpty(extra);
  }

  public static ImageSource base64(String mediaType, String data) {
    return new ImageSource("base64", mediaType, data, null, JsonObject.of());
  }

  public static ImageSource url(String url) {
    return new ImageSource("url", null, null, url, JsonObject.of());
  }
}
