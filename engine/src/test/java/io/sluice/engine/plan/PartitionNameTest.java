package io.sluice.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Part files are named as contract §4 says, five digits at least, at any index. */
class PartitionNameTest {
  private static String nameOf(int index, String extension) {
    return new Partition(index, "file:///in.csv", 0, 1, 1, List.of()).partName(extension);
  }

  @Test
  void theIndexIsPaddedToFiveDigitsAndNeverCut() {
    assertEquals("part-00000.csv", nameOf(0, "csv"));
    assertEquals("part-00007.jsonl", nameOf(7, "jsonl"));
    assertEquals("part-04321.parquet", nameOf(4321, "parquet"));
    assertEquals("part-99999.csv", nameOf(99_999, "csv"));
    assertEquals("part-100000.csv", nameOf(100_000, "csv"));
    assertEquals("part-1000000.csv", nameOf(1_000_000, "csv"));
  }
}
