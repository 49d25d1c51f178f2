package dev.ccr.server.statusline;

import dev.ccr.json.Json5;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The last assistant message of a Claude Code transcript (JSON lines): its model and usage. Read from
 * the end, since transcripts grow to megabytes and this runs on every turn.
 */
final class Transcript {
  private static final int FIRST_WINDOW = 64 * 1024;
  /** A transcript whose last assistant line is further back than this is not worth the wait. */
  private static final int MAX_WINDOW = 8 * 1024 * 1024;

  private Transcript() {}

  static Optional<Figures> lastAssistant(Path file) {
    try (SeekableByteChannel in = Files.newByteChannel(file)) {
      long size = in.size();
      for (int window = FIRST_WINDOW; ; window *= 2) {
        long start = Math.max(0, size - window);
        ByteBuffer buf = ByteBuffer.allocate((int) (size - start));
        in.position(start);
        while (buf.hasRemaining() && in.read(buf) > 0) {
          // read on
        }
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        int first = start == 0 ? 0 : 1; // the window's first line may be cut
        for (int i = lines.length - 1; i >= first; i--) {
          Optional<Figures> f = assistant(lines[i]);
          if (f.isPresent()) return f;
        }
        if (start == 0 || window >= MAX_WINDOW) return Optional.empty();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Figures> assistant(String line) {
    if (!line.contains("\"assistant\"")) return Optional.empty(); // parse only the candidates
    try {
      JsonValue v = Json5.parse(line, "transcript");
      String model = Lookup.text(v, "message", "model");
      // Claude Code writes "<synthetic>" for messages it made up itself (an interrupted turn, say).
      if (!"assistant".equals(Lookup.text(v, "type")) || model == null || model.startsWith("<")) return Optional.empty();
      return Optional.of(Figures.tokens(model, Lookup.number(v, "message", "usage", "input_tokens"),
          Lookup.number(v, "message", "usage", "output_tokens")));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
