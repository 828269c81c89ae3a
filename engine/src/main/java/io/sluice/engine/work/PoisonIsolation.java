package io.sluice.engine.work;

import io.sluice.connectors.format.BadRecord;
import io.sluice.connectors.format.FeatureBatch;
import io.sluice.connectors.format.Predictions;
import io.sluice.engine.Failures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.japi.Pair;

/**
 * Scores a batch; when the model throws for it, splits it in halves, recursively, until the
 * records it throws for stand alone. Those become bad records with the model's message; the
 * rest of the batch is scored as usual. One poison record costs about 2·log2(batch) calls
 * instead of the whole partition.
 */
final class PoisonIsolation {
  private static final int TEXT_LIMIT = 1024;

  /** Scored slices of the batch in input order, and the records the model threw for. */
  record Scored(List<Pair<FeatureBatch, Predictions>> pieces, List<BadRecord> poisoned) {

    int rows() {
      return pieces.stream().mapToInt(p -> p.first().rows).sum();
    }

    Scored then(Scored next) {
      List<Pair<FeatureBatch, Predictions>> all = new ArrayList<>(pieces);
      all.addAll(next.pieces);
      List<BadRecord> bad = new ArrayList<>(poisoned);
      bad.addAll(next.poisoned);
      return new Scored(all, bad);
    }
  }

  private PoisonIsolation() {}

  static CompletionStage<Scored> score(FeatureBatch batch, ModelCall model) {
    if (batch.rows == 0) return CompletableFuture.completedFuture(new Scored(List.of(), List.of()));
    return model.predict(batch)
        .thenApply(p -> new Scored(List.of(Pair.create(batch, p)), List.of()))
        .exceptionallyCompose(failure -> {
          Throwable cause = Failures.unwrap(failure);
          if (!(cause instanceof ModelCallFailed)) return CompletableFuture.failedFuture(cause);
          if (batch.rows == 1) return CompletableFuture.completedFuture(new Scored(List.of(), List.of(poisoned(batch, cause))));
          int half = batch.rows / 2;
          return score(batch.slice(0, half), model).thenCombine(score(batch.slice(half, batch.rows), model), Scored::then);
        });
  }

  /** The raw text is gone by now; the record is shown by what the model was given. */
  private static BadRecord poisoned(FeatureBatch one, Throwable cause) {
    String text = String.join(",", one.carried[0]) + (one.carried[0].length > 0 ? "," : "")
        + Arrays.toString(Arrays.copyOf(one.features, one.width)).replaceAll("[\\[\\] ]", "");
    return new BadRecord(one.offsets[0], one.lines[0], cause.getMessage(),
        text.length() > TEXT_LIMIT ? text.substring(0, TEXT_LIMIT) : text);
  }
}
