package dev.ccr.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * JSON5, as the original router reads config.json: comments, trailing commas, single quotes,
 * unquoted keys, hex and signed numbers. Errors say line and column. Also used to repair
 * almost-JSON that models write.
 */
public final class Json5 {
  /** Moshi's limit too, so whatever is read here can be written back; deeper text would overflow the stack. */
  static final int MAX_DEPTH = 255;

  private final String text;
  private final String source;
  private int pos;
  private int depth;

  private Json5(String text, String source) {
    this.text = text;
    this.source = source;
  }

  /** Parses one JSON5 value; {@code source} names the text in error messages. */
  public static JsonValue parse(String text, String source) {
    Json5 p = new Json5(text.startsWith("\uFEFF") ? text.substring(1) : text, source);
    p.skipSpace();
    JsonValue v = p.value();
    p.skipSpace();
    if (p.pos < p.text.length()) throw p.error("unexpected text after the end of the JSON value");
    return v;
  }

  private JsonValue value() {
    if (pos >= text.length()) throw error("unexpected end of text, expected a value");
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
      case '\'':
        return new JsonString(string());
      default:
        if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) return number();
        String word = identifier();
        switch (word) {
          case "true":
            return JsonBoolean.TRUE;
          case "false":
            return JsonBoolean.FALSE;
          case "null":
            return JsonNull.INSTANCE;
          case "Infinity":
          case "NaN":
            throw error(word + " is not supported in ccr's configuration");
          case "":
            throw error("unexpected character '" + c + "'");
          default:
            throw error("unexpected word '" + word + "' (strings need quotes)");
        }
    }
  }

  private JsonObject object() {
    nest();
    pos++; // {
    LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();
    skipSpace();
    while (true) {
      if (peek() == '}') {
        pos++;
        depth--;
        return JsonObject.of(members);
      }
      String name;
      char c = peek();
      if (c == '"' || c == '\'') {
        name = string();
      } else {
        name = identifier();
        if (name.isEmpty()) throw error("expected a member name or '}'");
      }
      skipSpace();
      if (peek() != ':') throw error("expected ':' after member name \"" + name + "\"");
      pos++;
      skipSpace();
      members.put(name, value());
      skipSpace();
      c = peek();
      if (c == ',') {
        pos++;
        skipSpace();
      } else if (c != '}') {
        throw error("expected ',' or '}' after the value of \"" + name + "\"");
      }
    }
  }

  private JsonArray array() {
    nest();
    pos++; // [
    ArrayList<JsonValue> elements = new ArrayList<>();
    skipSpace();
    while (true) {
      if (peek() == ']') {
        pos++;
        depth--;
        return JsonArray.of(elements);
      }
      elements.add(value());
      skipSpace();
      char c = peek();
      if (c == ',') {
        pos++;
        skipSpace();
      } else if (c != ']') {
        throw error("expected ',' or ']' in array");
      }
    }
  }

  private void nest() {
    if (++depth > MAX_DEPTH) throw error("objects and arrays nested deeper than " + MAX_DEPTH + " levels");
  }

  private String string() {
    char quote = text.charAt(pos++);
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) throw error("unterminated string");
      char c = text.charAt(pos++);
      if (c == quote) return sb.toString();
      if (c == '\n' || c == '\r') throw error("line break inside a string (end the line with \\ to continue it)");
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) throw error("unterminated string");
      char e = text.charAt(pos++);
      switch (e) {
        case 'n': sb.append('\n'); break;
        case 't': sb.append('\t'); break;
        case 'r': sb.append('\r'); break;
        case 'b': sb.append('\b'); break;
        case 'f': sb.append('\f'); break;
        case 'v': sb.append('\u000B'); break;
        case '0': sb.append('\0'); break;
        case 'x': sb.append((char) hex(2)); break;
        case 'u': sb.append((char) hex(4)); break;
        case '\r':
          if (pos < text.length() && text.charAt(pos) == '\n') pos++;
          break;
        case '\n':
        case '\u2028':
        case '\u2029':
          break; // line continuation
        default: sb.append(e);
      }
    }
  }

  private int hex(int digits) {
    if (pos + digits > text.length()) throw error("bad escape sequence");
    try {
      int v = Integer.parseInt(text.substring(pos, pos + digits), 16);
      pos += digits;
      return v;
    } catch (NumberFormatException ex) {
      throw error("bad escape sequence");
    }
  }

  private JsonNumber number() {
    int start = pos;
    boolean negative = false;
    char c = text.charAt(pos);
    if (c == '+' || c == '-') {
      negative = c == '-';
      pos++;
    }
    if (text.startsWith("Infinity", pos) || text.startsWith("NaN", pos)) {
      throw error("Infinity and NaN are not supported in ccr's configuration");
    }
    if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
      pos += 2;
      int digits = pos;
      while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) pos++;
      if (digits == pos) throw error("bad hexadecimal number");
      BigInteger v = new BigInteger(text.substring(digits, pos), 16);
      return JsonNumber.of((negative ? v.negate() : v).toString());
    }
    StringBuilder lit = new StringBuilder();
    if (negative) lit.append('-');
    int intStart = pos;
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
    lit.append(intStart == pos ? "0" : text.substring(intStart, pos));
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      int frac = pos;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
      if (frac < pos) lit.append('.').append(text, frac, pos);
      else if (intStart == frac - 1) throw error("bad number");
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int e = pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) pos++;
      int digits = pos;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
      if (digits == pos) throw error("bad number exponent");
      lit.append(text, e, pos);
    }
    if (pos == start + (negative || text.charAt(start) == '+' ? 1 : 0)) throw error("bad number");
    String refused = JsonNumber.refusal(lit.toString());
    if (refused != null) {
      pos = start; // the error points at the number, not past it
      throw error(refused);
    }
    return JsonNumber.of(lit.toString());
  }

  private String identifier() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '$') pos++;
      else break;
    }
    return text.substring(start, pos);
  }

  private char peek() {
    if (pos >= text.length()) throw error("unexpected end of text");
    return text.charAt(pos);
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u00A0' || c == '\uFEFF'
          || c == '\u2028' || c == '\u2029' || c == '\u000B' || c == '\f') {
        pos++;
      } else if (c == '/' && pos + 1 < text.length() && text.charAt(pos + 1) == '/') {
        while (pos < text.length() && text.charAt(pos) != '\n') pos++;
      } else if (c == '/' && pos + 1 < text.length() && text.charAt(pos + 1) == '*') {
        int end = text.indexOf("*/", pos + 2);
        if (end < 0) throw error("unterminated /* comment");
        pos = end + 2;
      } else {
        return;
      }
    }
  }

  private JsonParseException error(String message) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < Math.min(pos, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new JsonParseException(source + ":" + line + ":" + col + ": " + message);
  }
}
