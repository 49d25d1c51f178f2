package dev.ccr.server.cli;

import java.time.Duration;
import picocli.CommandLine.Command;

/** {@code ccr stop}: stops the background server. */
@Command(name = "stop", description = "Stop the background proxy.")
final class StopCommand extends CcrCommand {
  /** Longer than the server's own drain, so it is killed only when it hangs. */
  static final Duration GRACE = StartCommand.DRAIN.plusSeconds(5);

  @Override
  public Integer call() throws InterruptedException {
    out().println(Daemon.stop(GRACE) ? "ccr stopped" : "ccr is not running");
    return 0;
  }
}
