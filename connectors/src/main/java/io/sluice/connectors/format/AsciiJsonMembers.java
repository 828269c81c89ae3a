package io.sluice.connectors.format;

/**
 * Walks the members of a one-line JSON object straight from its bytes, for the JSON Lines decoder's fast path:
 * plain ASCII, and values that are numbers, strings without escapes, {@code true}, {@code false} or {@code null}.
 * Anything else (nesting, escapes, other bytes, any syntax error) it leaves to the full parser.
 */
final class AsciiJsonMembers {
  /** What a member's value is. */
  enum Kind { NUMBER, INTEGER, STRING, TRUE, FALSE, NULL }

  /** Takes each member in order; returns false to stop the walk and leave the record to the full parser. */
  interface Visitor {
    /**
     * @param keyFrom the key's first byte, after its opening quote
     * @param valueFrom for a string, its first byte after the opening quote
     * @param valueTo for a string, its closing quote
     */
    boolean member(int keyFrom, int keyTo, Kind kind, int valueFrom, int valueTo);
  }

  /**
   * Longer keys, strings and numbers are left to the full parser, which enforces limits of its own (Jackson fails
   * a number of more than 1000 characters, member unused or not); they are rare enough to take the slow way.
   */
  private static final int MAX_PLAIN_TOKEN = 1000;

  private AsciiJsonMembers() {}

  /** Whether {@code bytes[0, length)} is a plain object whose every member {@code visitor} took. */
  static boolean walk(byte[] bytes, int length, Visitor visitor) {
    int at = skipSpace(bytes, 0, length);
    if (at == length || bytes[at] != '{') return false;
    at = skipSpace(bytes, at + 1, length);
    if (at < length && bytes[at] == '}') return skipSpace(bytes, at + 1, length) == length;
    while (true) {
      if (at == length || bytes[at] != '"') return false;
      int keyFrom = at + 1;
      int keyTo = stringEnd(bytes, keyFrom, length);
      if (keyTo < 0) return false;
      at = skipSpace(bytes, keyTo + 1, length);
      if (at == length || bytes[at] != ':') return false;
      at = skipSpace(bytes, at + 1, length);
      if (at == length) return false;
      int valueFrom = at;
      int valueTo;
      Kind kind;
      byte first = bytes[at];
      if (first == '"') {
        kind = Kind.STRING;
        valueFrom = at + 1;
        valueTo = stringEnd(bytes, valueFrom, length);
        if (valueTo < 0) return false;
        at = valueTo + 1;
      } else if (first == '-' || isDigit(first)) {
        valueTo = numberEnd(bytes, at, length);
        if (valueTo < 0) return false;
        kind = isInteger(bytes, valueFrom, valueTo) ? Kind.INTEGER : Kind.NUMBER;
        at = valueTo;
      } else {
        String word = first == 't' ? "true" : first == 'f' ? "false" : first == 'n' ? "null" : null;
        if (word == null || !startsWith(bytes, at, length, word)) return false;
        kind = first == 't' ? Kind.TRUE : first == 'f' ? Kind.FALSE : Kind.NULL;
        valueTo = at + word.length();
        at = valueTo;
      }
      if (keyTo - keyFrom > MAX_PLAIN_TOKEN || valueTo - valueFrom > MAX_PLAIN_TOKEN) return false;
      if (!visitor.member(keyFrom, keyTo, kind, valueFrom, valueTo)) return false;
      at = skipSpace(bytes, at, length);
      if (at == length) return false;
      if (bytes[at] == '}') return skipSpace(bytes, at + 1, length) == length;
      if (bytes[at] != ',') return false;
      at = skipSpace(bytes, at + 1, length);
    }
  }

  /** The closing quote of a string starting at {@code from}; -1 for an escape, a control or non-ASCII byte. */
  private static int stringEnd(byte[] bytes, int from, int length) {
    for (int at = from; at < length; at++) {
      byte b = bytes[at];
      if (b == '"') return at;
      if (b == '\\' || b < 0x20) return -1; // negative bytes are non-ASCII
    }
    return -1;
  }

  /** The end of a JSON number starting at {@code from}: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
  private static int numberEnd(byte[] bytes, int from, int length) {
    int at = from;
    if (bytes[at] == '-') at++;
    if (at == length || !isDigit(bytes[at])) return -1;
    if (bytes[at] == '0') {
      at++;
    } else {
      while (at < length && isDigit(bytes[at])) at++;
    }
    if (at < length && bytes[at] == '.') {
      int digits = ++at;
      while (at < length && isDigit(bytes[at])) at++;
      if (at == digits) return -1;
    }
    if (at < length && (bytes[at] == 'e' || bytes[at] == 'E')) {
      at++;
      if (at < length && (bytes[at] == '+' || bytes[at] == '-')) at++;
      int digits = at;
      while (at < length && isDigit(bytes[at])) at++;
      if (at == digits) return -1;
    }
    // A number runs into the next token only through space, a comma or the closing brace.
    if (at < length && !isSpace(bytes[at]) && bytes[at] != ',' && bytes[at] != '}') return -1;
    return at;
  }

  private static boolean isInteger(byte[] bytes, int from, int to) {
    for (int at = from; at < to; at++) {
      if (bytes[at] == '.' || bytes[at] == 'e' || bytes[at] == 'E') return false;
    }
    return true;
  }

  private static boolean startsWith(byte[] bytes, int at, int length, String word) {
    if (length - at < word.length()) return false;
    for (int i = 0; i < word.length(); i++) {
      if (bytes[at + i] != word.charAt(i)) return false;
    }
    int end = at + word.length();
    return end == length || isSpace(bytes[end]) || bytes[end] == ',' || bytes[end] == '}';
  }

  private static int skipSpace(byte[] bytes, int from, int length) {
    int at = from;
    while (at < length && isSpace(bytes[at])) at++;
    return at;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
