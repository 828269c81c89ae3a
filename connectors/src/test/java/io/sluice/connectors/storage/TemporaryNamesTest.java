package io.sluice.connectors.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemporaryNamesTest {

  @Test
  void aTemporaryNameGivesBackItsTargetAndEachWriteGetsItsOwn() {
    String name = TemporaryNames.forTarget("part-00007.csv");
    assertEquals(Optional.of("part-00007.csv"), TemporaryNames.targetOf(name));
    assertNotEquals(name, TemporaryNames.forTarget("part-00007.csv"));
  }

  @Test
  void otherHiddenNamesAreNotTemporaryNames() {
    for (String name : new String[] {".keep", ".part-00001.csv.notes", ".part-00001.csv.tmp", "part-00001.csv",
        "part-00001.csv.0f8fad5b-d9cb-469f-a165-70867728950e.tmp", ".part-00001.csv.0F8FAD5B-D9CB-469F-A165-70867728950E.tmp.bak"}) {
      assertEquals(Optional.empty(), TemporaryNames.targetOf(name), name);
    }
  }
}
