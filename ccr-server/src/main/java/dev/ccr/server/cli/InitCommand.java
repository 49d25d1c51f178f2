package dev.ccr.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ccr init}: writes a commented starter config, never over an existing one unless asked. */
@Command(name = "init", description = "Write a commented starter config; an existing one is kept unless --force.")
final class InitCommand extends CcrCommand {
  @Mixin ConfigOption config = new ConfigOption();

  @Option(names = "--force", description = "Replace an existing file (the old one is kept as FILE.bak).")
  boolean force;

  @Override
  public Integer call() throws IOException {
    Path file = config.path().toAbsolutePath();
    if (Files.exists(file) && !force) {
      err().println("ccr: " + file + " exists; it is left as it is (`ccr init --force` replaces it, keeping a .bak)");
      return 1;
    }
    if (file.getParent() != null) Files.createDirectories(file.getParent());
    if (Files.exists(file)) {
      Files.copy(file, file.resolveSibling(file.getFileName() + ".bak"), StandardCopyOption.REPLACE_EXISTING);
    }
    // Written whole and then moved into place, so a crash never leaves half a config.
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, ConfigFiles.resource("starter-config.json5"));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    out().println("Wrote " + file + ".");
    out().println("Next: export DEEPSEEK_API_KEY and ANTHROPIC_API_KEY (or edit the providers), check it with "
        + "`ccr validate`, then run `ccr code`.");
    return 0;
  }
}
