package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --settings that carries the status line to claude, merged with the user's own. */
class ClaudeSettingsTest {
  private static final String LINE = "{\"type\":\"command\",\"command\":\"ccr statusline\"}";
  @TempDir Path tmp;
  final StringWriter err = new StringWriter();

  private List<String> with(String... args) {
    return ClaudeSettings.withStatusLine(List.of(args), "ccr statusline", new PrintWriter(err, true));
  }

  @Test
  void withoutSettingsOfTheUsersOwnTheStatusLineIsAllThereIs() {
    assertThat(with("-p", "hi")).containsExactly("--settings", "{\"statusLine\":" + LINE + "}", "-p", "hi");
  }

  @Test
  void theUsersSettingsAsJsonOrAsAFileAreKept() throws Exception {
    Path file = Files.writeString(tmp.resolve("s.json"), "{\"model\": \"opus\", \"env\": {\"A\": \"1\"}}");

    assertThat(with("-p", "x", "--settings", "{\"theme\":\"dark\"}"))
        .containsExactly("--settings", "{\"theme\":\"dark\",\"statusLine\":" + LINE + "}", "-p", "x");
    assertThat(with("--settings=" + file))
        .containsExactly("--settings", "{\"model\":\"opus\",\"env\":{\"A\":\"1\"},\"statusLine\":" + LINE + "}");
  }

  @Test
  void aStatusLineOfTheUsersOwnWins() {
    assertThat(with("--settings", "{\"statusLine\":{\"type\":\"command\",\"command\":\"mine\"}}"))
        .containsExactly("--settings", "{\"statusLine\":{\"type\":\"command\",\"command\":\"mine\"}}");
  }

  @Test
  void settingsThatCannotBeReadGoToClaudeUntouched() {
    List<String> args = with("--settings", tmp.resolve("missing.json").toString(), "-p", "x");

    assertThat(args).containsExactly("--settings", tmp.resolve("missing.json").toString(), "-p", "x");
    assertThat(err.toString()).contains("cannot read --settings").contains("status line is not set");
  }

  @Test
  void theCommandIsQuotedForTheShell() {
    assertThat(ClaudeSettings.shellQuoted("/opt/ccr/ccr")).isEqualTo("/opt/ccr/ccr");
    assertThat(ClaudeSettings.shellQuoted("/my dir/it's")).isEqualTo("'/my dir/it'\\''s'");
    String previous = System.getProperty("ccr.launcher");
    System.setProperty("ccr.launcher", "/home/me/my tools/ccr");
    try {
      assertThat(ClaudeSettings.statusLineCommand(Path.of("/etc/ccr.json")))
          .isEqualTo("'/home/me/my tools/ccr' statusline --config /etc/ccr.json");
    } finally {
      if (previous == null) System.clearProperty("ccr.launcher");
      else System.setProperty("ccr.launcher", previous);
    }
  }
}
