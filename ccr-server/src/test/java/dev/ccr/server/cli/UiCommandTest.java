package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ccr ui} against a server the PID file names: the address printed, the browser asked to open it. */
class UiCommandTest {
  Process process;
  final StringWriter out = new StringWriter();
  final List<String> opened = new ArrayList<>();

  @BeforeEach
  void pretendServer() throws Exception {
    process = new ProcessBuilder("sh", "-c", "exec sleep 3600").start();
    Files.createDirectories(Daemon.pidFile().getParent());
    Files.writeString(Daemon.pidFile(), Long.toString(process.pid()));
    Files.writeString(Daemon.urlFile(), "http://127.0.0.1:3999");
  }

  @AfterEach
  void cleanUp() throws Exception {
    process.destroyForcibly();
    Files.deleteIfExists(Daemon.pidFile());
    Files.deleteIfExists(Daemon.urlFile());
  }

  private int run(UiCommand.Opener opener, String... args) {
    PrintWriter o = new PrintWriter(out, true);
    picocli.CommandLine cli = Main.commandLine(o, o);
    UiCommand ui = cli.getSubcommands().get("ui").getCommand();
    ui.opener = opener;
    List<String> all = new ArrayList<>(List.of("ui"));
    all.addAll(List.of(args));
    return cli.execute(all.toArray(String[]::new));
  }

  @Test
  void printsTheAddressOfTheRunningServerAndOpensIt() {
    assertThat(run(url -> opened.add(url))).isZero();

    assertThat(out.toString()).contains("ccr web UI: http://127.0.0.1:3999/ui/").doesNotContain("started the server");
    assertThat(opened).containsExactly("http://127.0.0.1:3999/ui/");
  }

  @Test
  void withoutABrowserItStillSucceedsAndSaysWhereToGo() {
    assertThat(run(url -> false)).isZero();

    assertThat(out.toString()).contains("ccr web UI: http://127.0.0.1:3999/ui/").contains("no browser could be opened");
  }

  @Test
  void noBrowserOnlyPrints() {
    assertThat(run(url -> opened.add(url), "--no-browser")).isZero();

    assertThat(opened).isEmpty();
    assertThat(out.toString()).contains("http://127.0.0.1:3999/ui/");
  }
}
