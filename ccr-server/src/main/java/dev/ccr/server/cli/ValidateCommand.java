package dev.ccr.server.cli;

import dev.ccr.config.CcrConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code ccr validate}: every problem {@code ccr start} would refuse the config for, in one pass. */
@Command(name = "validate", description = "Check a config and print every problem that would stop ccr start.")
final class ValidateCommand extends CcrCommand {
  @Mixin ConfigOption config = new ConfigOption();

  @Parameters(paramLabel = "FILE", arity = "0..1", description = "The config file (the same as --config FILE).")
  Path file;

  @Override
  public Integer call() {
    if (file != null && config.file != null && !file.equals(config.file)) {
      throw new ParameterException(spec.commandLine(), "give the file once: " + file + " or --config " + config.file);
    }
    Path path = file != null ? file : config.path();
    if (!java.nio.file.Files.exists(path)) {
      err().println(path + ": no such file");
      err().println(file != null || config.file != null ? "  check the path"
          : "  run `ccr init` to write a starting config there, or give --config FILE");
      return 1;
    }
    List<String> problems = ConfigFiles.problems(path, err()); // warnings beside the problems they come with
    if (!problems.isEmpty()) return report(path, problems);
    out().println(path + ": ok (" + ConfigFiles.count(CcrConfig.load(path).providers().size(), "provider") + ")");
    return 0;
  }

  private int report(Path path, List<String> problems) {
    err().println(path + ": " + ConfigFiles.count(problems.size(), "problem"));
    problems.forEach(p -> err().println("  " + p.replace("\n", "\n  "))); // a condition's caret stays under its column
    return 1;
  }
}
