package io.sluice.engine.work;

import io.sluice.engine.run.RunCoordinator;
import java.util.function.LongConsumer;
import org.apache.pekko.actor.typed.ActorRef;

/** Tells the coordinator how far a partition has read, at most a few times a second. */
final class ThrottledProgress implements LongConsumer {
  private static final long INTERVAL_NANOS = 250_000_000L;
  private final ActorRef<RunCoordinator.Command> coordinator;
  private final int partition;
  private final int attempt;
  private long lastSent;

  ThrottledProgress(ActorRef<RunCoordinator.Command> coordinator, int partition, int attempt) {
    this.coordinator = coordinator;
    this.partition = partition;
    this.attempt = attempt;
  }

  /** Called by one stream stage at a time, so the timestamp needs no lock. */
  @Override
  public void accept(long recordsRead) {
    long now = System.nanoTime();
    if (now - lastSent < INTERVAL_NANOS) return;
    lastSent = now;
    coordinator.tell(new RunCoordinator.PartitionProgress(partition, attempt, recordsRead));
  }
}
