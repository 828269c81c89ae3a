package io.sluice.connectors.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading floats from ASCII bytes: the very bits of Float.parseFloat, or no answer at all. */
class AsciiFloatsTest {
  private static final int SAMPLES = 200_000;

  private static float parse(String text) {
    byte[] bytes = ("x" + text + "y").getBytes(StandardCharsets.US_ASCII);
    return AsciiFloats.parse(bytes, 1, bytes.length - 1);
  }

  private static boolean handles(String text) {
    return !Float.isNaN(parse(text));
  }

  private static void assertSameBitsAsParseFloat(String text) {
    assertEquals(
        Float.floatToRawIntBits(Float.parseFloat(text)),
        Float.floatToRawIntBits(parse(text)),
        text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-0.123456", "0.5", "-1.0E-4", "1.0E-4", "123456", "0", "-0", "+0.0", "16777216",
        "-16777216", "1e10", "1e-10", "1.5e+3", "5.", ".5", "-.5", "007.25", "0.000000001",
        "0.0000000000000e3", "16777215e-10", "1677721.6e4", "0.1", "0.3", "1.1754944", "123e9",
        "0.70710677", "3.4028235", "2.7182817", "0.123456789012", "1e11", "1e-11", "123e11",
        "16777218", "9007199254740991", "1.17549435E-8", "3.4028235E12", "1e22", "1e-22"
      })
  void readsCommonShapesExactly(String text) {
    assertTrue(handles(text), text);
    assertSameBitsAsParseFloat(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "-", "+", ".", "-.", "e5", ".e5", "1e", "1e+", "1.2.3", "1f", "2D", "0x1p3", "NaN",
        "Infinity", "-Infinity", " 1", "1 ", "1,5", "--1", "+-1", "1e5e5", "1..2", "16777217",
        "16777219", "9007199254740993", "1e23", "1e-23", "1e-39", "3.5e38", "0e15", "1e-99999999999",
        "1\t"
      })
  void leavesEverythingElseToParseFloat(String text) {
    assertEquals(Float.NaN, parse(text), text);
  }

  @Test
  void agreesWithParseFloatOnRandomDecimals() {
    assertAgreesOnRandomDecimals(20240611, AsciiFloatsTest::parse, Float::parseFloat);
  }

  @Test
  void readsViaDoubleExactlyAsDoubleParseDoubleThenACastDoes() {
    assertAgreesOnRandomDecimals(20261129, text -> {
      byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
      return AsciiFloats.parseViaDouble(bytes, 0, bytes.length);
    }, text -> (float) Double.parseDouble(text));
  }

  /** {@code read} gives the bits {@code reference} gives on every random decimal it takes, and takes a quarter. */
  private static void assertAgreesOnRandomDecimals(long seed, ToFloat read, ToFloat reference) {
    SplittableRandom random = new SplittableRandom(seed);
    int handled = 0;
    for (int i = 0; i < SAMPLES; i++) {
      String text = randomDecimal(random);
      float value = read.of(text);
      if (Float.isNaN(value)) continue;
      handled++;
      assertEquals(
          Float.floatToRawIntBits(reference.of(text)), Float.floatToRawIntBits(value), text);
    }
    assertTrue(handled > SAMPLES / 4, "only " + handled + " of " + SAMPLES + " handled");
  }

  /** Text to a float, without boxing. */
  private interface ToFloat {
    float of(String text);
  }

  @Test
  void readsWhatFloatToStringWritesBackToTheSameFloat() {
    SplittableRandom random = new SplittableRandom(20261128);
    int handled = 0;
    for (int i = 0; i < SAMPLES; i++) {
      float original = Float.intBitsToFloat(random.nextInt());
      if (!Float.isFinite(original)) continue;
      String text = Float.toString(original);
      float value = parse(text);
      if (Float.isNaN(value)) continue;
      handled++;
      assertEquals(Float.floatToRawIntBits(original), Float.floatToRawIntBits(value), text);
    }
    assertTrue(handled > SAMPLES / 10, "only " + handled + " of " + SAMPLES + " handled");
  }

  /** Mostly within the fast path's reach, with digit counts and exponents also beyond it. */
  private static String randomDecimal(SplittableRandom random) {
    StringBuilder text = new StringBuilder();
    int sign = random.nextInt(3);
    if (sign == 1) text.append('-');
    if (sign == 2) text.append('+');
    text.append("0".repeat(random.nextInt(4) == 0 ? random.nextInt(1, 4) : 0));
    int digits = random.nextInt(1, random.nextBoolean() ? 9 : 21);
    int point = random.nextInt(4) == 0 ? -1 : random.nextInt(digits + 1);
    for (int i = 0; i < digits; i++) {
      if (i == point) text.append('.');
      text.append((char) ('0' + random.nextInt(10)));
    }
    if (point == digits) text.append('.');
    if (random.nextBoolean()) {
      text.append(random.nextBoolean() ? 'e' : 'E');
      int exponentSign = random.nextInt(3);
      if (exponentSign == 1) text.append('-');
      if (exponentSign == 2) text.append('+');
      text.append(random.nextInt(random.nextInt(4) == 0 ? 40 : 12));
    }
    return text.toString();
  }
}
