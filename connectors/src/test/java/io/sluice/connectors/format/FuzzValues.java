package io.sluice.connectors.format;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.SplittableRandom;

/** Random values shared by the fuzz generators: feature numbers, text, bytes and bad UTF-8. */
final class FuzzValues {
  /** Byte sequences that are not UTF-8: stray, overlong, surrogate, out of range, truncated. */
  static final byte[][] INVALID_UTF8 = {
    {(byte) 0xFF},
    {(byte) 0xFE},
    {(byte) 0x80},
    {(byte) 0xBF},
    {(byte) 0xC0, (byte) 0x80},
    {(byte) 0xC1, (byte) 0xBF},
    {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
    {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
    {(byte) 0xE2, (byte) 0x82},
    {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
    {(byte) 0xC3, '('},
  };

  private FuzzValues() {}

  /** A feature value as written and the float it must decode to. */
  record Number(String text, float value) {}

  /** A finite float written so that parsing the text gives exactly that float. */
  static Number number(SplittableRandom random) {
    switch (random.nextInt(8)) {
      case 0 -> {
        int value = random.nextInt(-100_000, 100_001);
        return new Number(Integer.toString(value), value);
      }
      case 1 -> {
        float value;
        do {
          value = Float.intBitsToFloat(random.nextInt());
        } while (!Float.isFinite(value));
        return new Number(Float.toString(value), value);
      }
      case 2 -> {
        float[] edges = {
          0f,
          -0f,
          Float.MIN_VALUE,
          -Float.MIN_VALUE,
          Float.MIN_NORMAL,
          Float.MAX_VALUE,
          -Float.MAX_VALUE,
          0.1f,
          1e-40f
        };
        float value = edges[random.nextInt(edges.length)];
        return new Number(Float.toString(value), value);
      }
      case 3 -> {
        // Exact decimal expansions parse back to the same float.
        float value = (float) (random.nextDouble(-1e5, 1e5));
        return new Number(new BigDecimal(value).toPlainString(), value);
      }
      case 4 -> {
        // Below the smallest float: rounds to a zero of the right sign, which is a number.
        boolean negative = random.nextBoolean();
        return new Number(negative ? "-1e-50" : "1e-50", negative ? -0f : 0f);
      }
      case 5 -> {
        float value = (float) random.nextDouble(-1e30, 1e30);
        return new Number(Float.toString(value).toLowerCase(Locale.ROOT), value);
      }
      default -> {
        float value = (float) random.nextDouble(-1000, 1000);
        return new Number(Float.toString(value), value);
      }
    }
  }

  /** Text of up to {@code maxPieces} random pieces. */
  static String text(SplittableRandom random, String[] pieces, int maxPieces) {
    StringBuilder text = new StringBuilder();
    int n = random.nextInt(maxPieces + 1);
    for (int i = 0; i < n; i++) text.append(pieces[random.nextInt(pieces.length)]);
    return text.toString();
  }

  /**
   * Random bytes for one line: no line feed, none of {@code avoid}, not ending in a carriage
   * return, and never a byte-order mark's first byte, which at offset 0 would change the record.
   */
  static byte[] lineOfBytes(SplittableRandom random, int maxLength, byte avoid) {
    byte[] bytes = new byte[1 + random.nextInt(maxLength)];
    for (int i = 0; i < bytes.length; i++) {
      byte b;
      do {
        b = (byte) random.nextInt(256);
      } while (b == '\n' || b == avoid || b == (byte) 0xEF);
      bytes[i] = b;
    }
    if (bytes[bytes.length - 1] == '\r') bytes[bytes.length - 1] = 'x';
    return bytes;
  }

  /** {@code into} with {@code inserted} placed at a random position. */
  static byte[] insertAtRandom(byte[] into, byte[] inserted, SplittableRandom random) {
    int at = random.nextInt(into.length + 1);
    byte[] result = new byte[into.length + inserted.length];
    System.arraycopy(into, 0, result, 0, at);
    System.arraycopy(inserted, 0, result, at, inserted.length);
    System.arraycopy(into, at, result, at + inserted.length, into.length - at);
    return result;
  }

  static <T> T pick(SplittableRandom random, T[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
