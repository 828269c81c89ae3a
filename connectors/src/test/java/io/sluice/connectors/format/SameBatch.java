package io.sluice.connectors.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test helper: two decoded batches are the same, features bit for bit, for the fast-path tests. */
final class SameBatch {
  private SameBatch() {}

  static void assertSameBatch(DecodedBatch expected, DecodedBatch actual) {
    FeatureBatch want = expected.good();
    FeatureBatch got = actual.good();
    assertEquals(expected.bad(), actual.bad());
    assertEquals(want.rows, got.rows);
    int values = want.rows * want.width;
    assertArrayEquals(rawBits(want.features, values), rawBits(got.features, values));
    assertArrayEquals(want.carried, got.carried);
    assertArrayEquals(want.offsets, got.offsets);
    assertArrayEquals(want.lines, got.lines);
  }

  private static int[] rawBits(float[] values, int count) {
    int[] bits = new int[count];
    for (int i = 0; i < count; i++) bits[i] = Float.floatToRawIntBits(values[i]);
    return bits;
  }
}
