package dev.ccr;

import dev.ccr.alerts.Guards;
import dev.ccr.config.CcrConfig;
import dev.ccr.spi.PluginRegistry;
import dev.ccr.usage.PriceTable;
import dev.ccr.usage.UsageLedger;
import java.util.ArrayList;
import java.util.List;

/** The checks a config passes before a {@link ClaudeCodeRouter} is built from it, shared by start-up and {@code ccr validate}. */
final class ConfigChecks {
  private ConfigChecks() {}

  /** Problems with the plug-ins' jars, the transformer and provider names the config uses, and its accounting keys. */
  static List<String> problems(CcrConfig config, PluginRegistry plugins) {
    List<String> problems = new ArrayList<>(plugins.problems());
    problems.addAll(config.checkTransformerNames(plugins.useNames()));
    problems.addAll(plugins.checkProviders(config.providers()));
    problems.addAll(usageProblems(config));
    return problems;
  }

  /** Problems in the accounting keys: {@code USAGE_HISTORY}, {@code Prices}, {@code budgetControl}, {@code monitoring}. */
  private static List<String> usageProblems(CcrConfig config) {
    List<String> problems = new ArrayList<>();
    for (Runnable check : List.<Runnable>of(() -> UsageLedger.history(config), () -> dev.ccr.limits.RateLimits.of(config),
        () -> dev.ccr.cache.ResponseCache.of(config, null, java.time.Instant::now),
        () -> PriceTable.of(config.resolved().getObject("Prices")))) {
      try {
        check.run();
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    problems.addAll(Guards.check(config));
    return problems;
  }
}
