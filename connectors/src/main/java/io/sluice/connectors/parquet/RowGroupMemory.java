package io.sluice.connectors.parquet;

import java.util.concurrent.Semaphore;

/**
 * How many row groups' column chunks this JVM holds at once: a row group's selected chunks are read into the heap
 * whole (compressed), so partitions in flight would together hold one row group each. They share a budget of
 * {@value #HEAP_SHARE_PERCENT}% of the maximum heap instead; a reader waits for its share before it fetches a row
 * group, and a row group larger than the whole budget waits until it can have the budget alone. With
 * {@code -Xmx256m} and 100 MiB row groups, partitions therefore read their row groups one after another.
 */
final class RowGroupMemory {
  static final int HEAP_SHARE_PERCENT = 40;
  private static final int UNIT = 1024;
  private static final int BUDGET_UNITS =
      (int) Math.max(1, Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 100 * HEAP_SHARE_PERCENT / UNIT));
  private static final Semaphore BUDGET = new Semaphore(BUDGET_UNITS, true);

  private RowGroupMemory() {}

  /** Waits for room for {@code bytes} and returns the units held, to give back with {@link #release}. */
  static int acquire(long bytes) throws InterruptedException {
    int units = (int) Math.min(BUDGET_UNITS, Math.max(1, (bytes + UNIT - 1) / UNIT));
    BUDGET.acquire(units);
    return units;
  }

  static void release(int units) {
    if (units > 0) BUDGET.release(units);
  }
}
