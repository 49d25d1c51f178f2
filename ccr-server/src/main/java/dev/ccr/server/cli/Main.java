package dev.ccr.server.cli;

import dev.ccr.ConfigException;
import dev.ccr.server.Version;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code ccr} command: the jar's entry point, and the list of its subcommands. */
@Command(name = "ccr", versionProvider = Main.VersionText.class, sortOptions = false,
    description = "Claude Code Router for the JVM: an Anthropic Messages API proxy that routes to your providers.",
    subcommands = {StartCommand.class, StopCommand.class, RestartCommand.class, StatusCommand.class, CodeCommand.class,
        ActivateCommand.class, ModelCommand.class, ValidateCommand.class, InitCommand.class, PresetCommand.class,
        RouteCommand.class, StatusLineCommand.class, BenchmarkCommand.class, CacheStatsCommand.class, UiCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Config: ~/.claude-code-router/config.json, in Claude Code Router's format.",
        "First run: ccr init, then ccr validate, then ccr code.",
        "ccr NAME [claude args] runs Claude Code against the installed preset NAME.",
        "ccr COMMAND --help describes a command."})
public final class Main implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-v", "--version"}, versionHelp = true, description = "Print the version and exit.")
  boolean version;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  Main() {}

  public static void main(String[] args) {
    Integer statusLine = StatusLineCommand.direct(args, System.in, System.out); // before picocli: it runs every turn
    if (statusLine != null) System.exit(statusLine);
    int code = run(args, System.out, System.err);
    if (code >= 0) System.exit(code);
  }

  /** Runs a command; returns the exit code, or -1 when a server keeps running in this process. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    try {
      CommandLine cli = commandLine(o, e);
      return cli.execute(PresetCommand.asCode(args, cli)); // ccr NAME runs Claude Code against the preset NAME
    } finally {
      o.flush();
      e.flush();
    }
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    AutoComplete.GenerateCompletion completion = new AutoComplete.GenerateCompletion();
    cli.addSubcommand("completion", completion);
    cli.getSubcommands().get("completion").getCommandSpec().usageMessage().hidden(false)
        .description("Print a bash/zsh completion script: source <(ccr completion)");
    cli.addSubcommand("version", new CommandLine(new VersionCommand()));
    // Claude Code takes @file references; picocli would read them as argument files.
    cli.setExpandAtFiles(false);
    cli.setOut(out).setErr(err);
    cli.setParameterExceptionHandler(Main::badInput);
    cli.setExecutionExceptionHandler((ex, command, parsed) -> failed(ex, command.getErr()));
    CodeCommand.passThrough(cli.getSubcommands().get("code"));
    return cli;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** Bad input: the reason, then the usage of the command it was for; exit 2. */
  private static int badInput(ParameterException ex, String[] args) {
    CommandLine command = ex.getCommandLine();
    PrintWriter err = command.getErr();
    String message = ex.getMessage();
    if (ex instanceof UnmatchedArgumentException && command.getParent() == null) {
      List<String> unmatched = ((UnmatchedArgumentException) ex).getUnmatched();
      if (!unmatched.isEmpty() && !unmatched.get(0).startsWith("-")) message = "unknown command \"" + unmatched.get(0) + "\"";
    }
    err.println("ccr: " + message);
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println();
    command.usage(err);
    return 2;
  }

  /** What a command threw, said in one line per problem; the exit codes are the same as before picocli. */
  static int failed(Exception ex, PrintWriter err) {
    if (ex instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return 130;
    }
    err.println("ccr: " + (ex instanceof ConfigException || ex instanceof IOException || ex instanceof IllegalArgumentException
        ? ex.getMessage() : "internal error: " + ex));
    return ex instanceof IllegalArgumentException ? 2 : 1;
  }

  static final class VersionText implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ccr " + Version.VALUE};
    }
  }
}
