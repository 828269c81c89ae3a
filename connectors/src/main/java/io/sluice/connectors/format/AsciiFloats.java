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

  /** Beyond 2^53 a mantissa may not be exact as a double. */
  private static final long MAX_EXACT_DOUBLE_MANTISSA = 1L << 53;

  /** 10^22 is the largest power of ten that is exact as a double. */
  private static final double[] DOUBLE_POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  /** The 29 low bits a double has beyond a float's mantissa, and their value halfway between two floats. */
  private static final long BITS_BEYOND_FLOAT = (1L << 29) - 1;

  private static final long HALFWAY_BETWEEN_FLOATS = 1L << 28;

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
   * [+-]? digits+)?} with at least one mantissa digit, its significant digits make at most 2^53 and
   * its decimal exponent is within ±22; {@link #NOT_HANDLED} otherwise, and in the rare cases where
   * one rounding is not enough to be sure.
   */
  static float parse(byte[] bytes, int from, int to) {
    return read(bytes, from, to, false);
  }

  /**
   * As {@link #parse}, but to the float {@code (float) Double.parseDouble} gives, which is how JSON
   * parsers such as Jackson read a number as a float: rounded to the nearest double, then to float.
   */
  static float parseViaDouble(byte[] bytes, int from, int to) {
    return read(bytes, from, to, true);
  }

  private static float read(byte[] bytes, int from, int to, boolean viaDouble) {
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
    if (mantissaDigits == 0 || mantissaDigits > MAX_LONG_DIGITS || mantissa > MAX_EXACT_DOUBLE_MANTISSA) {
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
    if (at != to) return NOT_HANDLED;
    if (viaDouble) return roundedTwice(mantissa, exponent, negative);
    float magnitude =
        mantissa <= MAX_EXACT_MANTISSA && Math.abs(exponent) < POWERS_OF_TEN.length
            ? exactFloatQuotient(mantissa, exponent)
            : viaDouble(mantissa, exponent);
    return Float.isNaN(magnitude) || !negative ? magnitude : -magnitude;
  }

  // Both operands are exact floats, so the one rounding of float arithmetic is the correct one.
  private static float exactFloatQuotient(long mantissa, int exponent) {
    return exponent < 0
        ? (float) mantissa / POWERS_OF_TEN[-exponent]
        : (float) mantissa * POWERS_OF_TEN[exponent];
  }

  /**
   * Rounds to the nearest double first (exact operands, one rounding), then to float. The second
   * rounding can only go wrong when the double lands exactly halfway between two floats; that case,
   * and results outside the normal float range, are left to parseFloat.
   */
  private static float viaDouble(long mantissa, int exponent) {
    double value = exactDouble(mantissa, exponent);
    if (Double.isNaN(value)) return NOT_HANDLED;
    if (value < Float.MIN_NORMAL || value > Float.MAX_VALUE) return NOT_HANDLED;
    if ((Double.doubleToRawLongBits(value) & BITS_BEYOND_FLOAT) == HALFWAY_BETWEEN_FLOATS) {
      return NOT_HANDLED;
    }
    return (float) value;
  }

  /** The exact operands' one rounding to double, then Java's rounding to float: no second guessing. */
  private static float roundedTwice(long mantissa, int exponent, boolean negative) {
    double value = exactDouble(mantissa, exponent);
    if (Double.isNaN(value)) return NOT_HANDLED;
    return (float) (negative ? -value : value);
  }

  /** {@code mantissa × 10^exponent} rounded once to double (both operands exact); NaN when 10^exponent is not exact. */
  private static double exactDouble(long mantissa, int exponent) {
    if (Math.abs(exponent) >= DOUBLE_POWERS_OF_TEN.length) return Double.NaN;
    return exponent < 0
        ? mantissa / DOUBLE_POWERS_OF_TEN[-exponent]
        : mantissa * DOUBLE_POWERS_OF_TEN[exponent];
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
