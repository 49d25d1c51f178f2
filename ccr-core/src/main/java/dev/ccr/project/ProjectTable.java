package dev.ccr.project;

import dev.ccr.config.RouterConfig;
import java.util.List;
import java.util.Objects;

/**
 * The Router table a request is routed with, the project it comes from (its folder, or Claude
 * Code's transcript folder name for it; null when unknown), and the files that made the table
 * ({@code sources}, empty when it is the config's own).
 */
public record ProjectTable(RouterConfig table, String project, List<String> sources) {
  public ProjectTable {
    Objects.requireNonNull(table, "table");
    sources = List.copyOf(sources);
  }
}
