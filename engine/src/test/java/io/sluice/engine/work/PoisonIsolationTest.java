package io.sluice.engine.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.format.BadRecord;
import io.sluice.connectors.format.FeatureBatch;
import io.sluice.connectors.format.Predictions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PoisonIsolationTest {

  /** Doubles the first feature; throws for any batch holding a record whose first feature is 999. */
  private static final class PickyModel implements ModelCall {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public CompletionStage<Predictions> predict(FeatureBatch batch, long firstRow) {
      calls.incrementAndGet();
      float[] out = new float[batch.rows];
      for (int r = 0; r < batch.rows; r++) {
        if (batch.features[r * batch.width] == 999f) return CompletableFuture.failedFuture(new ModelCallFailed("NaN in layer 2"));
        out[r] = batch.features[r * batch.width] * 2;
      }
      return CompletableFuture.completedFuture(new Predictions(batch.rows, 1, out, null));
    }

    @Override
    public int parallelism() {
      return 1;
    }
  }

  private static FeatureBatch batch(int rows, int... poisonRows) {
    float[] features = new float[rows * 2];
    String[][] carried = new String[rows][];
    long[] offsets = new long[rows];
    long[] lines = new long[rows];
    for (int r = 0; r < rows; r++) {
      features[r * 2] = r;
      features[r * 2 + 1] = -r;
      carried[r] = new String[] {"id" + r};
      offsets[r] = r * 10L;
      lines[r] = r + 1;
    }
    for (int r : poisonRows) features[r * 2] = 999f;
    return new FeatureBatch(rows, 2, features, carried, offsets, lines);
  }

  @Test
  void poisonRecordsAreIsolatedAndTheRestIsScored() {
    PickyModel model = new PickyModel();
    PoisonIsolation.Scored scored = PoisonIsolation.score(batch(128, 5, 77), 0, model).toCompletableFuture().join();

    assertEquals(126, scored.rows());
    List<BadRecord> bad = scored.poisoned();
    assertEquals(List.of(50L, 770L), bad.stream().map(BadRecord::offset).sorted().toList());
    assertEquals("model call failed: NaN in layer 2", bad.get(0).reason());
    assertEquals("id5,999.0,-5.0", bad.stream().filter(b -> b.offset() == 50).findFirst().orElseThrow().text());
    for (var piece : scored.pieces()) {
      for (int r = 0; r < piece.first().rows; r++) {
        assertEquals(piece.first().features[r * 2] * 2, piece.second().values()[r], "predictions stay with their rows");
      }
    }
    long lastOffset = -1;
    for (var piece : scored.pieces()) {
      for (long offset : java.util.Arrays.copyOf(piece.first().offsets, piece.first().rows)) {
        assertTrue(offset > lastOffset, "input order kept");
        lastOffset = offset;
      }
    }
    assertTrue(model.calls.get() <= 2 * 2 * 8 + 1, "bisection, not one call per record: " + model.calls.get());
  }

  /** A model that throws for every call, as one whose normalizer does not fit its network does. */
  private static final class BrokenModel implements ModelCall {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public CompletionStage<Predictions> predict(FeatureBatch batch, long firstRow) {
      calls.incrementAndGet();
      return CompletableFuture.failedFuture(new ModelCallFailed("shapes [1024, 3] and [1, 4] do not match"));
    }

    @Override
    public int parallelism() {
      return 1;
    }
  }

  @Test
  void aModelThatFailsEveryCallFailsTheBatchAfterFourRoundsOfHalving() {
    BrokenModel model = new BrokenModel();
    CompletionException e = assertThrows(CompletionException.class,
        () -> PoisonIsolation.score(batch(1024), 0, model).toCompletableFuture().join());
    assertEquals(PoisonIsolation.ModelFailsEveryCall.class, e.getCause().getClass());
    assertEquals(31, model.calls.get(), "the batch, its halves, quarters, eighths and sixteenths");
    assertTrue(e.getCause().getMessage().contains("31 calls on a batch of 1024 records")
        && e.getCause().getMessage().endsWith("shapes [1024, 3] and [1, 4] do not match"), e.getCause().getMessage());
  }

  @Test
  void aBatchWithABadRecordInEveryEighthIsStillIsolated() {
    PickyModel model = new PickyModel();
    int[] poison = new int[8];
    for (int i = 0; i < 8; i++) poison[i] = i * 64 + 3;
    PoisonIsolation.Scored scored = PoisonIsolation.score(batch(512, poison), 0, model).toCompletableFuture().join();
    assertEquals(8, scored.poisoned().size());
    assertEquals(504, scored.rows());
  }

  @Test
  void aSmallBatchThatFailsWholeGoesToErrorsRecordByRecord() {
    BrokenModel model = new BrokenModel();
    PoisonIsolation.Scored scored = PoisonIsolation.score(batch(8), 0, model).toCompletableFuture().join();
    assertEquals(8, scored.poisoned().size());
    assertEquals(0, scored.rows());
    assertEquals(15, model.calls.get());
  }

  @Test
  void everySliceIsScoredAtItsOwnRowOfThePartition() {
    List<Long> firstRows = new java.util.concurrent.CopyOnWriteArrayList<>();
    ModelCall recording = new ModelCall() {
      @Override
      public CompletionStage<Predictions> predict(FeatureBatch batch, long firstRow) {
        firstRows.add(firstRow);
        for (int r = 0; r < batch.rows; r++) {
          if (batch.features[r * batch.width] == 999f) return CompletableFuture.failedFuture(new ModelCallFailed("no"));
        }
        return CompletableFuture.completedFuture(new Predictions(batch.rows, 1, new float[batch.rows], null));
      }

      @Override
      public int parallelism() {
        return 1;
      }
    };
    PoisonIsolation.score(batch(8, 5), 1000, recording).toCompletableFuture().join();
    // the batch; its halves; the failing half's halves; the failing quarter's halves
    assertEquals(List.of(1000L, 1000L, 1004L, 1004L, 1006L, 1004L, 1005L), firstRows);
  }

  @Test
  void aCleanBatchTakesOneCall() {
    PickyModel model = new PickyModel();
    assertEquals(64, PoisonIsolation.score(batch(64), 0, model).toCompletableFuture().join().rows());
    assertEquals(1, model.calls.get());
  }

  @Test
  void otherFailuresAreNotSplitButFailTheBatch() {
    ModelCall timeout = new ModelCall() {
      @Override
      public CompletionStage<Predictions> predict(FeatureBatch batch, long firstRow) {
        return CompletableFuture.failedFuture(new IllegalStateException("model call took longer than errors.batch-timeout"));
      }

      @Override
      public int parallelism() {
        return 1;
      }
    };
    CompletionException e = assertThrows(CompletionException.class,
        () -> PoisonIsolation.score(batch(8), 0, timeout).toCompletableFuture().join());
    assertTrue(e.getCause().getMessage().contains("batch-timeout"));
  }
}
