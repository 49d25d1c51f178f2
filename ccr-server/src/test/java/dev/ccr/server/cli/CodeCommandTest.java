package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What {@code ccr code} keeps for itself and what it hands to claude untouched. */
class CodeCommandTest {
  private static CodeCommand parse(String... args) {
    PrintWriter sink = new PrintWriter(new StringWriter());
    picocli.CommandLine cli = Main.commandLine(sink, sink);
    cli.parseArgs(args);
    return cli.getSubcommands().get("code").getCommand();
  }

  @Test
  void claudesOwnOptionsPassThroughUnchanged() {
    CodeCommand code = parse("code", "-p", "fix the build", "--model", "x y", "--output-format=json");

    assertThat(code.claudeArgs).containsExactly("-p", "fix the build", "--model", "x y", "--output-format=json");
    assertThat(code.config.file).isNull();
  }

  @Test
  void ccrsOptionsComeFirstAndEverythingAfterTheFirstClaudeArgumentIsClaudes() {
    CodeCommand code = parse("code", "--config", "mine.json", "-p", "hi", "--config", "claudes");

    assertThat(code.config.file).isEqualTo(Path.of("mine.json"));
    assertThat(code.claudeArgs).containsExactly("-p", "hi", "--config", "claudes");
  }

  @Test
  void aDoubleDashHandsOverAnOptionCcrWouldTakeItself() {
    assertThat(parse("code", "--", "--help").claudeArgs).containsExactly("--help");
  }

  @Test
  void atReferencesAreNotReadAsArgumentFiles() {
    assertThat(parse("code", "@src/Main.java", "explain this").claudeArgs).containsExactly("@src/Main.java", "explain this");
  }
}
