package dev.ccr.internal;

import java.util.Map;

/**
 * The environment for a program ccr starts on the user's behalf (Claude Code, a browser, a status
 * line script): without what the ccr launcher set for ccr's own JVM only. The launcher marks the
 * variables it set, so a value the user set themselves is passed on untouched.
 */
public final class ChildEnvironment {
  /** Set by the launcher when it set {@code MALLOC_ARENA_MAX} (see the ccr script). */
  static final String MARK = "CCR_SET_MALLOC_ARENA_MAX";

  private ChildEnvironment() {}

  /** Takes the launcher's own settings out of {@code env}, a {@code ProcessBuilder}'s environment. */
  public static Map<String, String> clean(Map<String, String> env) {
    if ("1".equals(env.remove(MARK))) env.remove("MALLOC_ARENA_MAX");
    return env;
  }
}
