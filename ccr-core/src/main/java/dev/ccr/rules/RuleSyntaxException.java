package dev.ccr.rules;

/**
 * A condition that cannot be used: it does not parse, names an unknown fact, or mixes types. Says
 * what is wrong and at which column (1-based) of the condition's text.
 */
public final class RuleSyntaxException extends IllegalArgumentException {
  private final String reason;
  private final int column;

  RuleSyntaxException(String reason, int column) {
    super(reason + " at column " + column);
    this.reason = reason;
    this.column = column;
  }

  public String reason() {
    return reason;
  }

  /** Where the problem is, counted from 1; one past the end when the text ended too soon. */
  public int column() {
    return column;
  }

  /**
   * The problem as config errors are written: {@code where}, the reason and the column, then the
   * condition's text with a caret under that column.
   */
  public String describe(String where, String text) {
    String shown = text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    return where + ": " + reason + " (column " + column + ")\n      " + shown + "\n      "
        + " ".repeat(Math.max(0, column - 1)) + "^";
  }
}
