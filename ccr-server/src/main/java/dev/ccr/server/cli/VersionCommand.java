package dev.ccr.server.cli;

import dev.ccr.server.Version;
import picocli.CommandLine.Command;

/** {@code ccr version}: the same as {@code ccr --version}, as the original has it. */
@Command(name = "version", description = "Print the version.")
final class VersionCommand extends CcrCommand {
  @Override
  public Integer call() {
    out().println("ccr " + Version.VALUE);
    return 0;
  }
}
