package dev.ccr.testing;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test resources shared with other modules through ccr-core's test jar. */
public final class Fixtures {
  /** The captured Claude Code requests, by file name without {@code .json}. */
  public static final List<String> CLAUDE_CODE = List.of("say-hi", "tool-read-turn2");

  private Fixtures() {}

  public static String text(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) throw new IllegalArgumentException("no test resource " + resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A whole capture: {@code path}, {@code query}, {@code headers} and {@code body}. */
  public static JsonObject claudeCodeCapture(String name) {
    return (JsonObject) Json.parse(text("fixtures/claude-code/" + name + ".json"));
  }

  /** The request body Claude Code sent. */
  public static JsonObject claudeCodeBody(String name) {
    return claudeCodeCapture(name).getObject("body");
  }

  public static String claudeCodeBodyText(String name) {
    return claudeCodeBody(name).toJson();
  }
}
