package dev.ccr.server.statusline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last assistant message of a Claude Code transcript, read from its end. */
class TranscriptTest {
  @TempDir Path tmp;

  private static String assistant(String model, int in, int out) {
    return "{\"type\":\"assistant\",\"message\":{\"model\":\"" + model + "\",\"usage\":{\"input_tokens\":" + in
        + ",\"output_tokens\":" + out + "}}}\n";
  }

  @Test
  void anAssistantMessageFarBehindLongToolOutputIsStillFound() throws Exception {
    Path t = tmp.resolve("t.jsonl");
    String bulky = "{\"type\":\"user\",\"message\":{\"content\":\"" + "x".repeat(300_000) + "\"}}\n";
    Files.writeString(t, assistant("first", 1, 1) + assistant("kimi-k2", 70, 80) + bulky + bulky);

    assertThat(Transcript.lastAssistant(t)).contains(Figures.tokens("kimi-k2", 70.0, 80.0));
  }

  @Test
  void syntheticMessagesAndBrokenLinesAreSkipped() throws Exception {
    Path t = tmp.resolve("t.jsonl");
    Files.writeString(t, assistant("qwen3-coder", 3, 4) + assistant("<synthetic>", 0, 0)
        + "{\"type\":\"assistant\",\"message\":{\"model\":\n");

    assertThat(Transcript.lastAssistant(t)).contains(Figures.tokens("qwen3-coder", 3.0, 4.0));
  }

  @Test
  void aMissingOrEmptyTranscriptHasNoFigures() throws Exception {
    assertThat(Transcript.lastAssistant(tmp.resolve("none.jsonl"))).isEmpty();
    assertThat(Transcript.lastAssistant(Files.writeString(tmp.resolve("empty.jsonl"), ""))).isEmpty();
  }
}
