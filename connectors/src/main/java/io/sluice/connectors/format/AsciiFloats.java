package io.sluice.connectors.format;

/**
 * Reads short plain decimal numbers straight from ASCII bytes, to exactly the float {@link
 * Float#parseFloat} gives, so that the common feature value needs no String.
 */
final class AsciiFloats {
  /**
   * What {@link #parse} returns for text it leaves to {@link FeatureValues#parse}: NaN, which it
   * never reads, so {@link Float#isNaN} tells it apart.
   */
  static final float NOT_HANDLED = Float.NaN;

  /** Beyond 2^24 a mantissa may not be exact as a float. */
  private static final long MAX_EXACT_MANTISSA = 1L << 24;

  /** Up to 18 digits, leading zeros included, a long holds any mantissa. */
  private static final int MAX_LONG_DIGITS = 18;

  /** 10^10 is the largest power of ten that is exact as a float. */
  private static final float[] POWERS_OF_TEN = {
    1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f
  };

  /** Far beyond any exponent read here; keeps an absurdly long exponent from overflowing. */
  private static final int MAX_WRITTEN_EXPONENT = 1000;

  private AsciiFloats() {}

  /**
   * The number in {@code bytes[from, to)} when it is {@code [+-]? digits* ('.' digits*)? ([eE]
   * [+-]? digits+)?} with at least one mantissa digit, its significant digits make at most 2^24 and
   * its decimal exponent is within ±10; {@link #NOT_HANDLED} otherwise.
   */
  static float parse(byte[] bytes, int from, int to) {
    int at = from;
    boolean negative = at < to && bytes[at] == '-';
    if (at < to && (bytes[at] == '-' || bytes[at] == '+')) at++;
    // A long overflows silently; the digit count below tells when that may have happened.
    long mantissa = 0;
    int integerStart = at;
    for (; at < to && isDigit(bytes[at]); at++) mantissa = mantissa * 10 + (bytes[at] - '0');
    int mantissaDigits = at - integerStart;
    int exponent = 0;
    if (at < to && bytes[at] == '.') {
      int fractionStart = ++at;
      for (; at < to && isDigit(bytes[at]); at++) mantissa = mantissa * 10 + (bytes[at] - '0');
      mantissaDigits += at - fractionStart;
      exponent = fractionStart - at;
    }
    if (mantissaDigits == 0 || mantissaDigits > MAX_LONG_DIGITS || mantissa > MAX_EXACT_MANTISSA) {
      return NOT_HANDLED;
    }
    if (at < to && (bytes[at] == 'e' || bytes[at] == 'E')) {
      at++;
      boolean negativeExponent = at < to && bytes[at] == '-';
      if (at < to && (bytes[at] == '-' || bytes[at] == '+')) at++;
      int exponentStart = at;
      int written = 0;
      for (; at < to && isDigit(bytes[at]); at++) {
        written = written * 10 + (bytes[at] - '0');
        if (written > MAX_WRITTEN_EXPONENT) return NOT_HANDLED;
      }
      if (at == exponentStart) return NOT_HANDLED;
      exponent += negativeExponent ? -written : written;
    }
    if (at != to || Math.abs(exponent) >= POWERS_OF_TEN.length) return NOT_HANDLED;
    // Both operands are exact floats, so the one rounding of float arithmetic is the correct one.
    float magnitude =
        exponent < 0
            ? (float) mantissa / POWERS_OF_TEN[-exponent]
            : (float) mantissa * POWERS_OF_TEN[exponent];
    return negative ? -magnitude : magnitude;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
