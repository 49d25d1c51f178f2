package dev.ccr.server.cli;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ccr ui}: the web UI's address, with the server started in the background first when it is not running. */
@Command(name = "ui", description = {"Open the web UI in a browser (the server is started in the background if needed).",
    "Without a browser to open, it prints the address."})
final class UiCommand extends CcrCommand {
  @Mixin ConfigOption config = new ConfigOption();

  @Option(names = "--no-browser", description = "Only print the address.")
  boolean noBrowser;

  /** Opens an address in the user's browser; false when there is none to open. */
  interface Opener {
    boolean open(String url);
  }

  Opener opener = UiCommand::openWithSystem;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Optional<Daemon.Running> running = Daemon.running();
    Daemon.Running server;
    if (running.isPresent()) {
      server = running.get();
    } else {
      server = Daemon.spawn(ServerOptions.of(config.file, null, null).arguments(), StartCommand.START_WAIT);
      out().println("ccr: started the server in the background (PID " + server.pid() + ")");
    }
    String url = server.url() + "/ui/";
    out().println("ccr web UI: " + url);
    try {
      if (ConfigFiles.load(config.file, new java.io.PrintWriter(java.io.Writer.nullWriter())).config().apiKey() != null) {
        out().println("Log in with the APIKEY of your config.");
      }
    } catch (dev.ccr.ConfigException e) {
      // the server reports its own config's problems
    }
    if (noBrowser || !opener.open(url)) {
      out().println("Open that address in a browser" + (noBrowser ? "." : " (no browser could be opened here)."));
    }
    return 0;
  }

  /** {@code open} on macOS, {@code start} on Windows, else {@code xdg-open} when it is installed. */
  static boolean openWithSystem(String url) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    List<String> command;
    if (os.contains("mac")) command = List.of("open", url);
    else if (os.contains("win")) command = List.of("rundll32", "url.dll,FileProtocolHandler", url); // start needs cmd's quoting
    else if (CodeCommand.onPath("xdg-open")) command = List.of("xdg-open", url);
    else return false;
    try {
      ProcessBuilder browser = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD);
      dev.ccr.internal.ChildEnvironment.clean(browser.environment());
      browser.start();
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
