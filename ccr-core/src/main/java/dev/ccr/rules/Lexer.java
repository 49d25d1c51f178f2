package dev.ccr.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Splits a condition into tokens; hand-written so that every error knows its column. */
final class Lexer {
  /** Longer than any sensible condition; keeps a pasted file from being parsed. */
  static final int MAX_LENGTH = 4_096;

  private static final Map<String, Token.Kind> WORDS = Map.of(
      "true", Token.Kind.TRUE, "false", Token.Kind.FALSE, "in", Token.Kind.IN,
      "contains", Token.Kind.CONTAINS, "matches", Token.Kind.MATCHES);

  private final String text;
  private int pos;

  private Lexer(String text) {
    this.text = text;
  }

  static List<Token> tokens(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new RuleSyntaxException("the condition is longer than " + MAX_LENGTH + " characters", MAX_LENGTH + 1);
    }
    Lexer l = new Lexer(text);
    List<Token> out = new ArrayList<>();
    Token t;
    do {
      t = l.next();
      out.add(t);
    } while (t.kind() != Token.Kind.END);
    return out;
  }

  private Token next() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    int start = pos;
    int column = start + 1;
    if (pos >= text.length()) return new Token(Token.Kind.END, "", column);
    char c = text.charAt(pos);
    if (c == '\'' || c == '"') return string(c, column);
    if (c >= '0' && c <= '9') return number(column);
    if (Character.isLetter(c) || c == '_') {
      while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
      String word = text.substring(start, pos);
      return new Token(WORDS.getOrDefault(word, Token.Kind.IDENT), word, column);
    }
    pos++;
    switch (c) {
      case '(': return new Token(Token.Kind.LPAREN, "(", column);
      case ')': return new Token(Token.Kind.RPAREN, ")", column);
      case '[': return new Token(Token.Kind.LBRACKET, "[", column);
      case ']': return new Token(Token.Kind.RBRACKET, "]", column);
      case ',': return new Token(Token.Kind.COMMA, ",", column);
      case '-': return new Token(Token.Kind.MINUS, "-", column);
      case '&': return pair('&', Token.Kind.AND, "&&", column, "'&' must be '&&'");
      case '|': return pair('|', Token.Kind.OR, "||", column, "'|' must be '||'");
      case '=': return pair('=', Token.Kind.EQ, "==", column, "'=' must be '==' (conditions compare, they do not assign)");
      case '!': return follows('=') ? new Token(Token.Kind.NE, "!=", column) : new Token(Token.Kind.NOT, "!", column);
      case '<': return follows('=') ? new Token(Token.Kind.LE, "<=", column) : new Token(Token.Kind.LT, "<", column);
      case '>': return follows('=') ? new Token(Token.Kind.GE, ">=", column) : new Token(Token.Kind.GT, ">", column);
      default:
        throw new RuleSyntaxException("unexpected character '" + printable(c) + "'", column);
    }
  }

  private boolean follows(char c) {
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private Token pair(char second, Token.Kind kind, String image, int column, String error) {
    if (!follows(second)) throw new RuleSyntaxException(error, column);
    return new Token(kind, image, column);
  }

  private Token number(int column) {
    int start = pos;
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      if (pos >= text.length() || !Character.isDigit(text.charAt(pos))) {
        throw new RuleSyntaxException("a number needs digits after its '.'", pos + 1);
      }
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
    }
    if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
      throw new RuleSyntaxException("a number must not run into letters (write 32000, not 32k)", pos + 1);
    }
    return new Token(Token.Kind.NUMBER, text.substring(start, pos), column);
  }

  private Token string(char quote, int column) {
    StringBuilder sb = new StringBuilder();
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) return new Token(Token.Kind.STRING, sb.toString(), column);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) break;
      char e = text.charAt(pos++);
      switch (e) {
        case '\\', '\'', '"' -> sb.append(e);
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        default -> sb.append('\\').append(e); // kept, so that a regular expression's \d or \b reads as written
      }
    }
    throw new RuleSyntaxException("the string is not closed with " + quote, column);
  }

  private static String printable(char c) {
    return Character.isISOControl(c) || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
