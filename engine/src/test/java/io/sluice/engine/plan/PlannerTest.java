package io.sluice.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.connectors.format.Header;
import io.sluice.connectors.storage.StoredObject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private final StoredObject a = new StoredObject(URI.create("file:///in/a.csv"), 2500);
  private final StoredObject b = new StoredObject(URI.create("file:///in/b.csv"), 1000);
  private final StoredObject empty = new StoredObject(URI.create("file:///in/c.csv"), 0);

  @Test
  void filesAreCutIntoSplitsInInputOrder() {
    List<Partition> plan = Planner.plan(List.of(a, empty, b), 1024, 0, false, Map.of("file:///in/a.csv", new Header(List.of("x"), 0)));
    assertEquals(4, plan.size());
    assertEquals(new Partition(0, "file:///in/a.csv", 0, 1024, 2500, List.of("x")), plan.get(0));
    assertEquals(new Partition(1, "file:///in/a.csv", 1024, 1024, 2500, List.of("x")), plan.get(1));
    assertEquals(new Partition(2, "file:///in/a.csv", 2048, 452, 2500, List.of("x")), plan.get(2));
    assertEquals(new Partition(3, "file:///in/b.csv", 0, 1000, 1000, List.of()), plan.get(3));
    assertEquals(Long.MAX_VALUE, plan.get(2).end(), "the last split reads to the file's end");
    assertEquals(2048, plan.get(1).end());
    assertEquals("part-00003.csv", plan.get(3).partName("csv"));
  }

  @Test
  void theFirstSplitReachesTheHeaderBehindBlankLines() {
    List<Partition> plan = Planner.plan(List.of(a), 1024, 0, false, Map.of("file:///in/a.csv", new Header(List.of("x"), 1500)));
    assertEquals(2, plan.size());
    assertEquals(1501, plan.get(0).length(), "the header record starts inside the first split, which drops it");
    assertEquals(new Partition(1, "file:///in/a.csv", 1501, 999, 2500, List.of("x")), plan.get(1));
  }

  @Test
  void filesReadWholeAreNeverSplit() {
    List<Partition> plan = Planner.plan(List.of(a, b), 1024, 0, true, Map.of());
    assertEquals(2, plan.size());
    assertEquals(2500, plan.get(0).length());
    assertEquals(Long.MAX_VALUE, plan.get(0).end());
  }

  @Test
  void aListingThatClaimsAnExabyteIsRefusedBeforeAnyPartitionIsMade() {
    StoredObject huge = new StoredObject(java.net.URI.create("s3://lake/in/huge.csv"), Long.MAX_VALUE / 2);
    io.sluice.engine.job.JobException e = org.junit.jupiter.api.Assertions.assertThrows(io.sluice.engine.job.JobException.class,
        () -> Planner.plan(List.of(huge), 1024, 0, false, Map.of()));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith(
        "job.input.split-size: the input makes more than 1000000 partitions"), e.getMessage());
    assertEquals(3, Planner.plan(List.of(a), 1024, 0, false, Map.of(), 3).size(), "at the limit is fine");
  }

  @Test
  void smallFilesArePackedInInputOrderEachChargedItsOpenCost() {
    StoredObject s1 = new StoredObject(URI.create("file:///in/s1.csv"), 300);
    StoredObject s2 = new StoredObject(URI.create("file:///in/s2.csv"), 300);
    StoredObject s3 = new StoredObject(URI.create("file:///in/s3.csv"), 300);
    StoredObject s4 = new StoredObject(URI.create("file:///in/s4.csv"), 300);
    // split 1024, open cost 100: each small file is charged 400, so two fit a partition, a third does not
    List<Partition> plan = Planner.plan(List.of(s1, s2, s3, a, s4, empty), 1024, 100, false, Map.of());
    assertEquals(List.of("file:///in/s1.csv", "file:///in/s2.csv"),
        plan.get(0).packed().stream().map(Partition.Piece::source).toList());
    assertEquals(600, plan.get(0).length(), "a packed partition's length is its files' bytes");
    assertEquals(new Partition(1, "file:///in/s3.csv", 0, 300, 300, List.of()), plan.get(1),
        "a large file closes the open pack; a pack of one file is a plain partition");
    assertEquals("file:///in/a.csv", plan.get(2).source());
    assertEquals(3, plan.stream().filter(p -> p.source().equals("file:///in/a.csv")).count(), "a large file is cut as before");
    assertEquals(new Partition(5, "file:///in/s4.csv", 0, 300, 300, List.of()), plan.get(5));
    assertEquals(6, plan.size());
    assertEquals(List.of(new Partition.Piece("file:///in/s1.csv", 0, 300, 300), new Partition.Piece("file:///in/s2.csv", 0, 300, 300)),
        plan.get(0).pieces());
  }

  @Test
  void packsHoldFilesOfOneHeaderOnlyAndRespectTheSplitSizeWithoutOpenCost() {
    List<StoredObject> files = new java.util.ArrayList<>();
    Map<String, Header> headers = new java.util.HashMap<>();
    for (int i = 0; i < 10; i++) {
      StoredObject f = new StoredObject(URI.create("file:///in/f" + i + ".csv"), 100);
      files.add(f);
      headers.put(f.uri().toString(), new Header(List.of(i < 5 ? "x" : "y"), 0));
    }
    List<Partition> plan = Planner.plan(files, 1024, 0, false, headers);
    assertEquals(2, plan.size(), "five files of header x, then five of header y: " + plan);
    assertEquals(5, plan.get(0).packed().size());
    assertEquals(List.of("x"), plan.get(0).header());
    assertEquals(List.of("y"), plan.get(1).header());
    assertEquals(500, plan.get(1).length());
  }

  @Test
  void smallParquetFilesArePackedWholeAndLargeOnesCutAlongRowGroups() {
    List<Partition> plan = new java.util.ArrayList<>();
    SmallFiles small = new SmallFiles(1024, 0, plan, Planner.MAX_PARTITIONS);
    StoredObject p1 = new StoredObject(URI.create("file:///in/p1.parquet"), 400);
    StoredObject p2 = new StoredObject(URI.create("file:///in/p2.parquet"), 400);
    StoredObject big = new StoredObject(URI.create("file:///in/big.parquet"), 3000);
    var group = (java.util.function.BiFunction<Long, Long, io.sluice.connectors.parquet.ParquetInput.RowGroup>)
        (start, end) -> new io.sluice.connectors.parquet.ParquetInput.RowGroup(start, end, 10);
    ParquetPreparation.cut(p1, List.of(group.apply(4L, 300L)), small, plan);
    ParquetPreparation.cut(p2, List.of(group.apply(4L, 200L), group.apply(200L, 350L)), small, plan);
    ParquetPreparation.cut(big, List.of(group.apply(4L, 1000L), group.apply(1000L, 2000L), group.apply(2000L, 2900L)), small, plan);
    small.close();
    assertEquals(List.of(new Partition.Piece("file:///in/p1.parquet", 4, 296, 400), new Partition.Piece("file:///in/p2.parquet", 4, 346, 400)),
        plan.get(0).packed(), "two small files, their row groups whole, in one partition");
    assertEquals(4, plan.size(), "then the large file, one row group per partition: " + plan);
    assertEquals(new Partition(1, "file:///in/big.parquet", 4, 996, 3000, List.of()), plan.get(1));
  }
}
