package dev.ccr.server.cli;

import dev.ccr.config.CcrConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, for every command that reads the config. */
final class ConfigOption {
  @Option(names = "--config", paramLabel = "FILE",
      description = "Read FILE instead of the default config.json.")
  Path file;

  /** The file asked for, else the default path (which may not exist). */
  Path path() {
    return file != null ? file : CcrConfig.defaultPath();
  }
}
