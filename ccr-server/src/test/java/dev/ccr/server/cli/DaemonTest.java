package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
    Files.createDirectories(Daemon.pidFile().getParent());
    Files.writeString(Daemon.pidFile(), Long.toString(process.pid()));
    Files.writeString(Daemon.urlFile(), "http://127.0.0.1:9");
    return process.pid();
  }

  @Test
  void stopReturnsOnceTheProcessHasExitedNotAtTheGraceDeadline() throws Exception {
    pretendServer("exec sleep 3600");

    // An hour's grace: returning at all shows it waited for the exit, not for the deadline.
    assertThat(Daemon.stop(Duration.ofHours(1))).isTrue();

    assertThat(process.isAlive()).isFalse();
    assertThat(Daemon.pidFile()).doesNotExist();
    assertThat(Daemon.running()).isEmpty();
  }

  @Test
  void aServerThatIgnoresTheSignalIsKilledAfterTheGrace() throws Exception {
    pretendServer("trap '' TERM; while :; do sleep 1; done");

    assertThat(Daemon.stop(Duration.ZERO)).isTrue();

    assertThat(process.waitFor()).isNotZero();
    assertThat(Daemon.pidFile()).doesNotExist();
  }

  @Test
  void stopWithNothingRunningSaysSo() throws Exception {
    assertThat(Daemon.stop(Duration.ofHours(1))).isFalse();
  }
}
