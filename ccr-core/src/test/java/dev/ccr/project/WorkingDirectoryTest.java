package dev.ccr.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonString;
import dev.ccr.model.AnthropicJson;
import dev.ccr.model.MessagesRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The working directory named in a client's system prompt, read in time linear in the prompt's length. */
class WorkingDirectoryTest {
  /** A text that counts every character read from it: the work done, without a clock. */
  static final class CountingText implements CharSequence {
    final String text;
    long reads;

    CountingText(String text) {
      this.text = text;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      reads++;
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      reads += end - start;
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  @Test
  void aLongRunOfSpacesOnTheWorkingDirectoryLineCostsLinearWork() {
    // The old pattern's lazy group backtracked over every space for every space: 80k spaces took seconds.
    for (int spaces : new int[] {1_000, 100_000, 1_000_000}) {
      for (String line : new String[] {"Working directory: /a" + " ".repeat(spaces) + "b",
          " - Primary working directory:" + " ".repeat(spaces) + "/a b",
          "  -  Primary " + " ".repeat(spaces) + "working directory: /a",
          "Working directory: /a\r".repeat(spaces / 20)}) {
        CountingText text = new CountingText(line);
        WorkingDirectory.find(text);
        assertThat(text.reads).as("characters read for a %d-character line", line.length())
            .isLessThanOrEqualTo(25L * line.length() + 100);
      }
    }
  }

  @Test
  void manyMarksInOneLongLineAreReadOnce() {
    String line = "x working directory: ".repeat(50_000) + "\nWorking directory: /home/me/shop";
    CountingText text = new CountingText(line);

    assertThat(WorkingDirectory.find(text)).isEqualTo(Path.of("/home/me/shop"));
    assertThat(text.reads).isLessThanOrEqualTo(25L * line.length());
  }

  @Test
  void aValueLongerThanAnyPathIsNoWorkingDirectory() {
    assertThat(WorkingDirectory.find("Working directory: /a" + " ".repeat(1_000_000) + "b")).isNull();
    assertThat(WorkingDirectory.find("Working directory: /a" + " ".repeat(100) + "b")).isEqualTo(Path.of("/a" + " ".repeat(100) + "b"));
    String deep = "/" + "d/".repeat(WorkingDirectory.MAX_VALUE / 2);
    assertThat(WorkingDirectory.find("Working directory: " + deep)).isNull();
  }

  @Test
  void aRequestWithAThirtyTwoMegabyteSpacedLineIsRoutedWithoutAWorkingDirectory() {
    String sys = "Working directory: /a" + " ".repeat(32 << 20) + "b\n - Primary working directory: /home/me/shop";
    MessagesRequest request = AnthropicJson.request(Json.parse("{\"model\":\"m\",\"max_tokens\":10,\"system\":"
        + Json.write(JsonString.of(sys)) + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").asObject());

    assertThat(WorkingDirectory.of(request)).as("the over-long line is skipped, the next one read").isEqualTo(Path.of("/home/me/shop"));
  }

  @Test
  void theWordingsAndLineEndsOfTheOldPatternStillRead() {
    assertThat(WorkingDirectory.find("<env>\r\nWorking directory: /home/me/shop\r\nIs directory a git repo: Yes\r\n</env>"))
        .isEqualTo(Path.of("/home/me/shop"));
    assertThat(WorkingDirectory.find("\t-\tPrimary\tworking directory:\t`/home/me/shop`\t")).isEqualTo(Path.of("/home/me/shop"));
    assertThat(WorkingDirectory.find("prose: the working directory: /x\nWorking directory: /y")).isEqualTo(Path.of("/y"));
    assertThat(WorkingDirectory.find("Working directory:\n/x")).isNull();
    assertThat(WorkingDirectory.find("Secondary working directory: /x")).isNull();
    assertThat(WorkingDirectory.find("PrimaryWorking directory: /x")).isNull();
    assertThat(WorkingDirectory.find("Working directory: ")).isNull();
    assertThat(WorkingDirectory.find("orking directory: /x")).isNull();
  }
}
