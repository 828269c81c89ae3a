package io.sluice.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TileLayoutTest {

  @Test
  void tilesRampFromTheFirstHeightToTheFullHeightThenStayFull() {
    TileLayout layout = new TileLayout(1024);
    long[][] expected = {{0, 128}, {128, 128}, {256, 256}, {512, 512}, {1024, 1024}, {2048, 1024}};
    long row = 0;
    for (long[] tile : expected) {
      assertEquals(tile[0], row);
      assertEquals(tile[0], layout.firstRowOfTileHolding(row));
      assertEquals(tile[1], layout.rowsOfTileHolding(row));
      long last = row + tile[1] - 1;
      assertEquals(tile[0], layout.firstRowOfTileHolding(last), "the tile's last row is in it");
      assertEquals(tile[1], layout.rowsOfTileHolding(last));
      row += tile[1];
    }
  }

  @Test
  void tilesCoverEveryRowOnceAndAPartitionComputesAtMostTwiceItsRows() {
    for (int full : new int[] {1, 32, 64, 256, 1024}) {
      TileLayout layout = new TileLayout(full);
      long computed = 0;
      long row = 0;
      while (row < 5000) {
        assertEquals(row, layout.firstRowOfTileHolding(row), "tiles meet end to end at full " + full);
        int height = layout.rowsOfTileHolding(row);
        assertTrue(height <= full);
        row += height;
        computed = row;
        // a partition of n records ending in this tile computed `computed` rows
        long fewestRecords = row - height + 1;
        assertTrue(computed <= Math.max(Math.min(TileLayout.FIRST_TILE_ROWS, full), 2 * fewestRecords),
            computed + " rows computed for " + fewestRecords + " records at full " + full);
      }
    }
  }

  @Test
  void theFullHeightMustBeAPowerOfTwo() {
    assertThrows(IllegalArgumentException.class, () -> new TileLayout(1000));
    assertThrows(IllegalArgumentException.class, () -> new TileLayout(0));
  }
}
