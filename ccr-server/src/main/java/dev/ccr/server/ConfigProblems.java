package dev.ccr.server;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every problem that keeps a config from serving, found once for {@code ccr validate}, {@code ccr
 * start} and {@code POST /api/config}, so all three say the same thing at the same JSON path.
 */
public final class ConfigProblems {
  private ConfigProblems() {}

  /**
   * The router's own start-up checks, and an empty provider list, which parses but cannot route a
   * single request.
   */
  public static List<String> of(CcrConfig config) {
    List<String> problems = new ArrayList<>();
    if (config.providers().isEmpty()) problems.add("Providers is empty: there is nothing to route requests to");
    problems.addAll(ClaudeCodeRouter.check(config));
    problems.addAll(dev.ccr.server.state.StateStores.check(config));
    problems.addAll(Admission.check(config));
    return problems;
  }

  /**
   * Every problem at once: the read's own (parse and per-entry problems), then {@link #of(CcrConfig)}
   * on as much of the config as could be read (a broken entry does not hide the others), then whether
   * its {@code HOST} may serve without {@code APIKEY}. Warnings go to {@code warnings}.
   */
  public static List<String> of(CcrConfig.Checked read, Consumer<String> warnings) {
    List<String> problems = new ArrayList<>(read.problems());
    if (read.config() == null) return problems;
    read.config().warnings().forEach(warnings);
    for (String p : of(read.config())) {
      if (!problems.contains(p)) problems.add(p);
    }
    String exposed = CcrServer.exposure(read.config(), read.config().host());
    if (exposed != null) problems.add(exposed);
    return problems;
  }
}
