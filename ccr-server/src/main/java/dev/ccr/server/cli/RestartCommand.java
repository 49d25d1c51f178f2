package dev.ccr.server.cli;

import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ccr restart}: stop, then start in the background with the options given. */
@Command(name = "restart", description = "Stop the background proxy, then start it in the background.")
final class RestartCommand extends CcrCommand {
  @Mixin ServerOptions options = new ServerOptions();

  @Override
  public Integer call() throws IOException, InterruptedException {
    Daemon.stop(StopCommand.GRACE);
    return StartCommand.background(options, out());
  }
}
