package io.sluice.engine.work;

import io.sluice.connectors.format.BadRecord;
import io.sluice.connectors.format.FeatureBatch;
import io.sluice.connectors.format.Predictions;
import io.sluice.engine.Failures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.japi.Pair;

/**
 * Scores a batch; when the model throws for it, finds the records it throws for by halving the failing slices,
 * round by round, until those records stand alone. They become bad records with the model's message; the rest of
 * the batch is scored as usual. One poison record costs about 2·log2(batch) calls instead of the whole partition.
 *
 * <p>A model that throws for everything is not a batch of poison records: when the call on the whole batch
 * and every call of the {@value #HALVING_ROUNDS} rounds of halving after it failed (the batch, its halves,
 * quarters, eighths and sixteenths: 31 calls) the batch fails as a whole, and with it the partition attempt, naming the model's message. Halving
 * goes round by round, not depth first, so that this decision depends only on the batch and the model, never on
 * which call returned first.
 */
final class PoisonIsolation {
  static final int HALVING_ROUNDS = 4;
  private static final int TEXT_LIMIT = 1024;

  /** Scored slices of the batch in input order, and the records the model threw for. */
  record Scored(List<Pair<FeatureBatch, Predictions>> pieces, List<BadRecord> poisoned) {

    int rows() {
      return pieces.stream().mapToInt(p -> p.first().rows).sum();
    }
  }

  /** The model failed on every call of the first rounds of halving a batch: not a record's fault. */
  static final class ModelFailsEveryCall extends RuntimeException {
    ModelFailsEveryCall(int calls, int rows, String reason) {
      super("the model failed on every call (" + calls + " calls on a batch of " + rows
          + " records and its halves, none succeeded): " + reason);
    }
  }

  /** A slice {@code [from, to)} of the batch. */
  private record Slice(int from, int to) {
    int rows() {
      return to - from;
    }
  }

  /** What one call on a slice gave: its predictions, or the model's failure. */
  private record Outcome(Slice slice, Predictions predictions, Throwable failure) {}

  private PoisonIsolation() {}

  /**
   * Scores {@code batch}, whose first record is the {@code firstRow}-th record of its partition that reaches the
   * model (the model's tiles are aligned to it).
   */
  static CompletionStage<Scored> score(FeatureBatch batch, long firstRow, ModelCall model) {
    if (batch.rows == 0) return CompletableFuture.completedFuture(new Scored(List.of(), List.of()));
    return model.predict(batch, firstRow)
        .thenApply(p -> new Scored(List.of(Pair.create(batch, p)), List.of()))
        .exceptionallyCompose(failure -> {
          Throwable cause = Failures.unwrap(failure);
          if (!(cause instanceof ModelCallFailed)) return CompletableFuture.failedFuture(cause);
          return new Isolation(batch, firstRow, model).round(List.of(new Outcome(new Slice(0, batch.rows), null, cause)), 1);
        });
  }

  /** The rounds of halving for one failed batch. */
  private static final class Isolation {
    private final FeatureBatch batch;
    private final long firstRow;
    private final ModelCall model;
    private final List<Outcome> scored = new ArrayList<>();
    private final List<BadRecord> poisoned = new ArrayList<>();
    private int calls = 1;

    Isolation(FeatureBatch batch, long firstRow, ModelCall model) {
      this.batch = batch;
      this.firstRow = firstRow;
      this.model = model;
    }

    /** Halves every failed slice of the last round and calls the model on the halves, all at once. */
    CompletionStage<Scored> round(List<Outcome> failed, int round) {
      if (round > HALVING_ROUNDS && scored.isEmpty() && poisoned.isEmpty()) {
        return CompletableFuture.failedFuture(new ModelFailsEveryCall(calls, batch.rows, failed.get(0).failure().getMessage()));
      }
      List<CompletableFuture<Outcome>> next = new ArrayList<>();
      for (Outcome f : failed) {
        Slice s = f.slice();
        if (s.rows() == 1) {
          poisoned.add(poisonedRecord(batch.slice(s.from(), s.to()), f.failure()));
          continue;
        }
        int half = s.from() + s.rows() / 2;
        next.add(call(new Slice(s.from(), half)));
        next.add(call(new Slice(half, s.to())));
      }
      if (next.isEmpty()) return CompletableFuture.completedFuture(result());
      return CompletableFuture.allOf(next.toArray(CompletableFuture[]::new)).thenCompose(all -> {
        List<Outcome> stillFailing = new ArrayList<>();
        for (CompletableFuture<Outcome> each : next) {
          Outcome o = each.join();
          if (o.failure() == null) {
            scored.add(o);
          } else if (o.failure() instanceof ModelCallFailed) {
            stillFailing.add(o);
          } else {
            return CompletableFuture.failedFuture(o.failure());
          }
        }
        return stillFailing.isEmpty() ? CompletableFuture.completedFuture(result()) : round(stillFailing, round + 1);
      });
    }

    private CompletableFuture<Outcome> call(Slice s) {
      calls++;
      return model.predict(batch.slice(s.from(), s.to()), firstRow + s.from()).toCompletableFuture()
          .handle((p, failure) -> new Outcome(s, p, failure == null ? null : Failures.unwrap(failure)));
    }

    private Scored result() {
      scored.sort(Comparator.comparingInt(o -> o.slice().from()));
      List<Pair<FeatureBatch, Predictions>> pieces = new ArrayList<>();
      for (Outcome o : scored) pieces.add(Pair.create(batch.slice(o.slice().from(), o.slice().to()), o.predictions()));
      return new Scored(pieces, poisoned);
    }
  }

  /** The raw text is gone by now; the record is shown by what the model was given. */
  private static BadRecord poisonedRecord(FeatureBatch one, Throwable cause) {
    String text = String.join(",", one.carried[0]) + (one.carried[0].length > 0 ? "," : "")
        + Arrays.toString(Arrays.copyOf(one.features, one.width)).replaceAll("[\\[\\] ]", "");
    return new BadRecord(one.offsets[0], one.lines[0], cause.getMessage(),
        text.length() > TEXT_LIMIT ? text.substring(0, TEXT_LIMIT) : text);
  }
}
