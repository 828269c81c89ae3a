package io.sluice.engine.work;

import io.sluice.engine.plan.PartitionStats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.format.FeatureBatch;
import io.sluice.connectors.format.Predictions;
import io.sluice.engine.job.JobFiles;
import io.sluice.engine.services.NodeServices;
import io.sluice.engine.plan.PreparedRun;
import io.sluice.engine.testing.DemoFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit protocol of one partition: its part file and errors file appear under their
 * final names only when the whole partition succeeded, and nothing is left behind otherwise.
 * The model is replaced by simple calls here, because the stream is what is under test.
 */
class PartitionStreamTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static NodeServices services;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    services = NodeServices.create(testKit.system());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Answers every batch with a constant probability, counting the calls. */
  private static final class ConstantModel implements ModelCall {
    final AtomicInteger calls = new AtomicInteger();
    final int failOnCall;

    ConstantModel(int failOnCall) {
      this.failOnCall = failOnCall;
    }

    @Override
    public CompletionStage<Predictions> predict(FeatureBatch batch, long firstRow) {
      if (calls.incrementAndGet() == failOnCall) return CompletableFuture.failedFuture(new IllegalStateException("model call failed: boom"));
      float[] values = new float[batch.rows * 2];
      for (int i = 0; i < batch.rows; i++) values[2 * i] = 1f;
      return CompletableFuture.completedFuture(new Predictions(batch.rows, 2, values, null));
    }

    @Override
    public int parallelism() {
      return 2;
    }
  }

  private Pair<UniqueKillSwitch, CompletionStage<PartitionStats>> start(ModelCall model) {
    Path out = dir.resolve("out");
    PreparedRun run = services.preparation().prepare(JobFiles.load(DemoFixture.jobFile(dir, out), List.of()))
        .toCompletableFuture().join();
    var storage = services.storages().forUri(out.toUri());
    return new PartitionStream(run.job(), run.partitions().get(0), storage, storage, model, run.predictionColumns(), n -> {})
        .start(services.materializer());
  }

  @Test
  void aSuccessfulPartitionCommitsItsPartAndErrorsFiles() throws Exception {
    PartitionStats stats = start(new ConstantModel(-1)).second().toCompletableFuture().get(30, TimeUnit.SECONDS);
    List<String> rows = Files.readAllLines(dir.resolve("out/part-00000.csv"));
    assertEquals("customer_id,region,p_stay,p_churn", rows.get(0));
    assertEquals(stats.recordsOut() + 1, rows.size());
    assertEquals(stats.recordsIn(), stats.recordsOut() + stats.badRecords());
    assertEquals(stats.badRecords(), Files.readAllLines(dir.resolve("out/_errors/part-00000.jsonl")).size());
    assertEquals(List.of(), leftovers(), "no temporary files remain");
  }

  @Test
  void aRecordThatMakesTheModelThrowBecomesABadRecordAndTheRestIsWritten() throws Exception {
    ModelCall picky = new ModelCall() {
      @Override
      public CompletionStage<Predictions> predict(FeatureBatch batch, long firstRow) {
        for (int r = 0; r < batch.rows; r++) {
          if (batch.carried[r][0].equals("C00100")) return CompletableFuture.failedFuture(new ModelCallFailed("poison"));
        }
        return new ConstantModel(-1).predict(batch, firstRow);
      }

      @Override
      public int parallelism() {
        return 2;
      }
    };
    PartitionStats stats = start(picky).second().toCompletableFuture().get(30, TimeUnit.SECONDS);
    List<String> rows = Files.readAllLines(dir.resolve("out/part-00000.csv"));
    assertEquals(stats.recordsOut() + 1, rows.size());
    assertTrue(rows.stream().noneMatch(r -> r.startsWith("C00100,")));
    assertTrue(rows.stream().anyMatch(r -> r.startsWith("C00101,")), "the poison record's batch mates are written");
    String errors = Files.readString(dir.resolve("out/_errors/part-00000.jsonl"));
    assertTrue(errors.contains("\"error\":\"model call failed: poison\"") && errors.contains("C00100"), errors);
    assertEquals(stats.recordsIn(), stats.recordsOut() + stats.badRecords());
  }

  /** A packed file is read as the run listed it: rows appended to it after planning are not read. */
  @Test
  void aPackedSmallFileIsReadAsListed() throws Exception {
    List<String> demo = Files.readAllLines(DemoFixture.data().inputDir().resolve("customers-1.csv"));
    Path in = Files.createDirectories(dir.resolve("in"));
    for (int i = 0; i < 3; i++) Files.write(in.resolve("day-" + i + ".csv"), demo.subList(0, 11));
    Path out = dir.resolve("out");
    PreparedRun run = services.preparation()
        .prepare(JobFiles.load(DemoFixture.jobFile(dir, out, "job.input.uri = \"" + in.toUri() + "\""), List.of()))
        .toCompletableFuture().join();
    assertEquals(1, run.partitions().size());
    assertEquals(3, run.partitions().get(0).packed().size(), "packed");
    Files.write(in.resolve("day-1.csv"), demo.subList(11, 21), java.nio.file.StandardOpenOption.APPEND);
    var storage = services.storages().forUri(out.toUri());
    PartitionStats stats = new PartitionStream(run.job(), run.partitions().get(0), storage, storage, new ConstantModel(-1),
        run.predictionColumns(), n -> {}).start(services.materializer()).second().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(30, stats.recordsIn(), "ten rows of each file, as listed");
  }

  /**
   * A pack of small Parquet files: the reader's batches end with each file, but the model gets them joined up to
   * {@code max-size}, and a bad row's errors line still names its own file and row.
   */
  @Test
  void aPackOfSmallParquetFilesReachesTheModelInFullBatches() throws Exception {
    Path in = Files.createDirectories(dir.resolve("parquet-in"));
    List<String> features = DemoFixture.data().features();
    try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement sql = db.createStatement()) {
      StringBuilder columns = new StringBuilder();
      for (String f : features) columns.append(", (i % 7)::DOUBLE AS ").append(f);
      sql.execute("CREATE TABLE t AS SELECT i AS n, 'C' || lpad(i::VARCHAR, 5, '0') AS customer_id, 'north' AS region"
          + columns + " FROM range(1000) r(i)");
      sql.execute("UPDATE t SET " + features.get(0) + " = NULL WHERE n = 17 * 25 + 3");
      for (int k = 0; k < 40; k++) {
        sql.execute("COPY (SELECT * EXCLUDE (n) FROM t WHERE n >= " + k * 25 + " AND n < " + (k + 1) * 25 + " ORDER BY n) TO '"
            + in.resolve(String.format("day-%02d.parquet", k)) + "' (FORMAT parquet)");
      }
    }
    Path out = dir.resolve("out");
    PreparedRun run = services.preparation().prepare(JobFiles.load(DemoFixture.jobFile(dir, out, "job.input.uri = \""
        + in.toUri() + "\"", "job.input.format = parquet", "job.batching.max-wait = 30s"), List.of()))
        .toCompletableFuture().join();
    assertEquals(1, run.partitions().size());
    assertEquals(40, run.partitions().get(0).packed().size(), "packed");
    List<Integer> batchRows = new java.util.concurrent.CopyOnWriteArrayList<>();
    ModelCall counting = new ModelCall() {
      @Override
      public CompletionStage<Predictions> predict(FeatureBatch batch, long firstRow) {
        batchRows.add(batch.rows);
        return new ConstantModel(-1).predict(batch, firstRow);
      }

      @Override
      public int parallelism() {
        return 2;
      }
    };
    var storage = services.storages().forUri(out.toUri());
    PartitionStats stats = new PartitionStream(run.job(), run.partitions().get(0), storage, storage, counting,
        run.predictionColumns(), n -> {}).start(services.materializer()).second().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(1000, stats.recordsIn());
    assertEquals(1, stats.badRecords());
    assertTrue(batchRows.size() <= 5 && batchRows.stream().allMatch(r -> r <= 256), "model calls of " + batchRows);
    List<String> rows = Files.readAllLines(out.resolve("part-00000.csv"));
    assertEquals(1000, rows.size(), "999 rows and the header");
    List<String> ids = rows.subList(1, rows.size()).stream().map(r -> r.substring(0, r.indexOf(','))).toList();
    assertEquals(ids.stream().sorted().toList(), ids, "rows in input order");
    String errors = Files.readString(out.resolve("_errors/part-00000.jsonl"));
    assertTrue(errors.contains("day-17.parquet") && errors.contains("\"row\":3,"), errors);
  }

  @Test
  void aFailedModelCallCommitsNothing() throws Exception {
    CompletionStage<PartitionStats> result = start(new ConstantModel(3)).second();
    CompletionException e = assertThrows(CompletionException.class, () -> result.toCompletableFuture().join());
    assertTrue(e.getCause().getMessage().contains("boom"), e.getCause().getMessage());
    assertEquals(List.of(), finalFiles());
    assertEquals(List.of(), leftovers());
  }

  @Test
  void anAbortedPartitionCommitsNothing() throws Exception {
    ModelCall hanging = new ModelCall() {
      @Override
      public CompletionStage<Predictions> predict(FeatureBatch batch, long firstRow) {
        return new CompletableFuture<>();
      }

      @Override
      public int parallelism() {
        return 1;
      }
    };
    var started = start(hanging);
    started.first().abort(new java.util.concurrent.CancellationException("run cancelled"));
    assertThrows(CompletionException.class, () -> started.second().toCompletableFuture().join());
    assertEquals(List.of(), finalFiles());
    assertEquals(List.of(), leftovers());
  }

  private List<Path> finalFiles() throws Exception {
    Path out = dir.resolve("out");
    if (!Files.exists(out)) return List.of();
    try (Stream<Path> s = Files.walk(out)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }
  }

  /** Temporary files are hidden; give the abort a moment, since it deletes them asynchronously. */
  private List<Path> leftovers() throws Exception {
    Path out = dir.resolve("out");
    if (!Files.exists(out)) return List.of();
    for (int i = 0; i < 50; i++) {
      try (Stream<Path> s = Files.walk(out)) {
        List<Path> hidden = s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().startsWith(".")).toList();
        if (hidden.isEmpty()) return hidden;
      }
      Thread.sleep(100);
    }
    try (Stream<Path> s = Files.walk(out)) {
      return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().startsWith(".")).toList();
    }
  }
}
