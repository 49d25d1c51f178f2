package dev.ccr.server.cli;

import dev.ccr.config.CcrConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ccr activate}: the export lines that point a shell's Claude Code at the proxy. */
@Command(name = "activate", aliases = "env",
    description = "Print the export lines that point Claude Code at the proxy: eval \"$(ccr activate)\".")
final class ActivateCommand extends CcrCommand {
  @Mixin ConfigOption config = new ConfigOption();

  @Override
  public Integer call() {
    CcrConfig cfg = ConfigFiles.load(config.file, err()).config();
    String url = Daemon.running().map(Daemon.Running::url).orElse(clientUrl(cfg));
    CodeCommand.environment(cfg, url).forEach((k, v) -> out().println("export " + k + "=" + shellQuote(v)));
    // The exports go to eval; the warning to the terminal, so that claude's first failure is not a surprise.
    if (!Daemon.healthy(url)) err().println("ccr: nothing answers at " + url + " yet; start it with `ccr start --daemon`");
    return 0;
  }

  static String clientUrl(CcrConfig config) {
    String host = config.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) host = "127.0.0.1";
    return "http://" + host + ":" + config.port();
  }

  private static String shellQuote(String v) {
    return "'" + v.replace("'", "'\"'\"'") + "'";
  }
}
