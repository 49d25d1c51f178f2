package dev.ccr.server.cli;

import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code ccr status}: exit 0 when the background server answers, 1 when it does not, 3 when none runs. */
@Command(name = "status", description = "Say whether the background proxy runs, its PID and URL.")
final class StatusCommand extends CcrCommand {
  @Override
  public Integer call() {
    Optional<Daemon.Running> r = Daemon.running();
    if (r.isEmpty()) {
      out().println("ccr is not running");
      return 3;
    }
    boolean healthy = Daemon.healthy(r.get().url());
    out().println("ccr is running (PID " + r.get().pid() + ") at " + r.get().url() + (healthy ? "" : " but does not answer"));
    return healthy ? 0 : 1;
  }
}
