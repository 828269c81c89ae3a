package io.sluice.engine.work;

import java.util.function.LongConsumer;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Tells the coordinator how far a partition has read, at most a few times a second; each report
 * renews the attempt's lease. {@link #heartbeat()} repeats the last count when no record has
 * flowed for a while (a slow model), so that a live attempt's lease never lapses.
 */
final class ThrottledProgress implements LongConsumer {
  private static final long INTERVAL_NANOS = 250_000_000L;
  private final ActorRef<PartitionWorker.Report> coordinator;
  private final int partition;
  private final int attempt;
  private long lastSent;
  /** Written by the stream's stage, read by the worker's heartbeat. */
  private volatile long latest;

  ThrottledProgress(ActorRef<PartitionWorker.Report> coordinator, int partition, int attempt) {
    this.coordinator = coordinator;
    this.partition = partition;
    this.attempt = attempt;
  }

  /** Called by one stream stage at a time, so the timestamp needs no lock. */
  @Override
  public void accept(long recordsRead) {
    latest = recordsRead;
    long now = System.nanoTime();
    if (now - lastSent < INTERVAL_NANOS) return;
    lastSent = now;
    coordinator.tell(new PartitionWorker.PartitionProgress(partition, attempt, recordsRead));
  }

  /** Renews the lease with the last count read, whether or not records flowed since. */
  void heartbeat() {
    coordinator.tell(new PartitionWorker.PartitionProgress(partition, attempt, latest));
  }
}
