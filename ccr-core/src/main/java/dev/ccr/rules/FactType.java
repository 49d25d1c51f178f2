package dev.ccr.rules;

/** The type of a request fact, and of every value a condition compares. */
public enum FactType {
  NUMBER, STRING, BOOLEAN;

  /** How an error message names the type. */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
