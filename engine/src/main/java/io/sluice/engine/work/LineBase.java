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

  /** Batches are encoded on several threads at once: the first caller starts the count, the others share it. */
  synchronized CompletionStage<Long> get() {
    if (counted == null) counted = count.get();
    return counted;
  }
}
