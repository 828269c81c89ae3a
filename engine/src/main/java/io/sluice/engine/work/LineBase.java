package io.sluice.engine.work;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The number of lines in a file before a partition, counted only when first needed: only a
 * partition with bad records pays for reading its file's prefix.
 */
final class LineBase {
  private final Supplier<CompletionStage<Long>> count;
  private CompletionStage<Long> counted;

  LineBase(Supplier<CompletionStage<Long>> count) {
    this.count = count;
  }

  /** Called from one stream stage at a time (mapAsync(1)), so no locking is needed. */
  CompletionStage<Long> get() {
    if (counted == null) counted = count.get();
    return counted;
  }
}
