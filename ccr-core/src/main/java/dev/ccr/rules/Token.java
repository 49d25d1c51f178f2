package dev.ccr.rules;

/** One token of a condition: its kind, its text (a string's value, unquoted) and its column (1-based). */
record Token(Kind kind, String text, int column) {
  enum Kind {
    NUMBER, STRING, IDENT, TRUE, FALSE, IN, CONTAINS, MATCHES,
    AND, OR, NOT, EQ, NE, LT, LE, GT, GE, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, MINUS, END
  }

  /** The token as an error message quotes it. */
  String shown() {
    return switch (kind) {
      case END -> "the end of the condition";
      case STRING -> "the string '" + text + "'";
      default -> "'" + text + "'";
    };
  }
}
