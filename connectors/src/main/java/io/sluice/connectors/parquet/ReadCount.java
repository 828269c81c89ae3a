package io.sluice.connectors.parquet;

import java.util.concurrent.atomic.AtomicLong;

/** How many ranged reads a Parquet file was read with, and how many bytes they gave: what a store was asked for. */
public final class ReadCount {
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  void opened() {
    reads.incrementAndGet();
  }

  void consumed(long n) {
    bytes.addAndGet(n);
  }

  /** Ranged reads started (each {@code Storage.read} at an offset). */
  public long reads() {
    return reads.get();
  }

  /** Bytes taken from those reads. */
  public long bytes() {
    return bytes.get();
  }
}
