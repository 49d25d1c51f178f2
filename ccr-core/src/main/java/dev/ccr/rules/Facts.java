package dev.ccr.rules;

/**
 * The facts a condition reads, by name: a {@link Double} for a {@link FactType#NUMBER}, a {@link
 * String} or a {@link Boolean}. Asked only for the names the condition was parsed with, and only
 * when its evaluation reaches them, so a costly fact (a token count) is worked out only when needed.
 */
@FunctionalInterface
public interface Facts {
  Object value(String name);
}
