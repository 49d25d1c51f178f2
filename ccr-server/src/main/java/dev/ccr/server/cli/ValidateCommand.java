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
      if (file != null || config.file != null) {
        err().println(path + ": no such file");
        err().println("  check the path");
        return 1;
      }
      // No config of the user's yet: ccr start serves the sample, so that is what there is to check.
      err().println(path + ": no such file; ccr start serves the sample configuration shipped with ccr"
          + " (`ccr init` writes a starter there)");
      CcrConfig sample = CcrConfig.parse(ConfigFiles.resource("sample-config.json"));
      List<String> problems = ConfigFiles.problems(sample);
      if (!problems.isEmpty()) return report(Path.of("sample configuration"), problems);
      out().println("sample configuration: ok (" + ConfigFiles.count(sample.providers().size(), "provider") + ")");
      return 0;
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
