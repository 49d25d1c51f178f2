package dev.ccr.config;

import dev.ccr.internal.ClosestName;
import java.util.Collection;

/** "Did you mean" suggestions for misspelt names. */
final class Names {
  private Names() {}

  /** The closest of {@code known} to {@code name}, or null when none is close. */
  static String closest(String name, Collection<String> known) {
    return ClosestName.of(name, known);
  }

  static String suggestion(String name, Collection<String> known) {
    String c = closest(name, known);
    return c == null ? "" : " (did you mean \"" + c + "\"?)";
  }
}
