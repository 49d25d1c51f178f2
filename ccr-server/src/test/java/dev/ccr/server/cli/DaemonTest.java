package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the background server named by the PID file, with real processes. */
class DaemonTest {
  Process process;

  @AfterEach
  void cleanUp() throws Exception {
    if (process != null) process.destroyForcibly();
    Files.deleteIfExists(Daemon.pidFile());
    Files.deleteIfExists(Daemon.urlFile());
  }

  private long pretendServer(String script) throws Exception {
    process = new ProcessBuilder("sh", "-c", script).start();
    // Only once its signal handling is set up may the test signal it.
    assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream())).readLine()).isEqualTo("ready");
    Files.createDirectories(Daemon.pidFile().getParent());
    Files.writeString(Daemon.pidFile(), Long.toString(process.pid()));
    Files.writeString(Daemon.urlFile(), "http://127.0.0.1:9");
    return process.pid();
  }

  @Test
  void stopReturnsOnceTheProcessHasExitedNotAtTheGraceDeadline() throws Exception {
    pretendServer("echo ready; exec sleep 3600");

    // An hour's grace: returning at all shows it waited for the exit, not for the deadline.
    assertThat(Daemon.stop(Duration.ofHours(1))).isTrue();

    assertThat(process.waitFor()).as("ended by SIGTERM, not killed").isEqualTo(128 + 15);
    assertThat(Daemon.pidFile()).doesNotExist();
    assertThat(Daemon.running()).isEmpty();
  }

  @Test
  void aServerThatIgnoresTheSignalIsKilledAfterTheGrace() throws Exception {
    pretendServer("trap '' TERM; echo ready; while :; do sleep 1; done");

    assertThat(Daemon.stop(Duration.ZERO)).isTrue();

    assertThat(process.waitFor()).as("killed").isEqualTo(128 + 9);
    assertThat(Daemon.pidFile()).doesNotExist();
  }

  @Test
  void stopWithNothingRunningSaysSo() throws Exception {
    assertThat(Daemon.stop(Duration.ofHours(1))).isFalse();
  }

  @Test
  void theReasonAFailedStartGivesIsTheEndOfWhatThatStartWrote(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("ccr-daemon.log");
    Files.writeString(log, "an earlier run\nits last line\n");
    long start = Files.size(log);
    Files.writeString(log, "one\n\ntwo\nthree\ncannot listen on 127.0.0.1:3456: Address already in use\n",
        java.nio.file.StandardOpenOption.APPEND);

    assertThat(Daemon.tail(log, start, 3)).isEqualTo("  two\n  three\n  cannot listen on 127.0.0.1:3456: Address already in use\n");
    assertThat(Daemon.tail(log, start, 10)).doesNotContain("earlier");
  }

  @Test
  void ccrJavaOptsAreSplitAtWhitespaceAsTheLaunchersExpansionSplitsThem() {
    assertThat(Daemon.javaOptions(null)).isEmpty();
    assertThat(Daemon.javaOptions("  ")).isEmpty();
    assertThat(Daemon.javaOptions(" -Xmx512m\t-Dccr.x=1  -Dy=2 ")).containsExactly("-Xmx512m", "-Dccr.x=1", "-Dy=2");
  }
}
