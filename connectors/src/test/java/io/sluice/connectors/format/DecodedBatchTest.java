package io.sluice.connectors.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class DecodedBatchTest {

  /** Two rows of width 2 kept from a buffer of three (a reader that dropped a bad row leaves its slot behind). */
  private static DecodedBatch compacted(String first, long offset) {
    float[] buffer = {1, 2, 3, 4, -1, -1};
    FeatureBatch good = new FeatureBatch(2, 2, buffer, new String[][] {{first}, {first + "'"}},
        new long[] {offset, offset + 2}, new long[] {offset, offset + 2});
    return new DecodedBatch(good, List.of(new BadRecord(offset + 1, offset + 1, "bad", "x")));
  }

  @Test
  void batchesJoinedKeepEveryRowAndBadRecordInOrderAndLeaveUnusedSlotsBehind() {
    DecodedBatch joined = DecodedBatch.concat(List.of(compacted("a", 0), compacted("b", 10)));
    FeatureBatch good = joined.good();
    assertEquals(4, good.rows);
    assertArrayEquals(new float[] {1, 2, 3, 4, 1, 2, 3, 4}, good.features);
    assertEquals(List.of("a", "a'", "b", "b'"), java.util.Arrays.stream(good.carried).map(c -> c[0]).toList());
    assertArrayEquals(new long[] {0, 2, 10, 12}, good.offsets);
    assertArrayEquals(new long[] {0, 2, 10, 12}, good.lines);
    assertEquals(List.of(1L, 11L), joined.bad().stream().map(BadRecord::offset).toList());
  }

  @Test
  void oneBatchIsItself() {
    DecodedBatch one = compacted("a", 0);
    assertSame(one, DecodedBatch.concat(List.of(one)));
  }
}
