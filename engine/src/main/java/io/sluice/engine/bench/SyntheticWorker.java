package io.sluice.engine.bench;

import io.sluice.engine.plan.PartitionStats;
import io.sluice.engine.work.PartitionWorker;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * A partition worker with no work: it speaks the real protocol with a real coordinator, asks for partitions while it
 * has room and reports each one committed the moment it is assigned, so that only the coordinator's own cost is left
 * to measure. The first and last assignment times go to {@code clock}.
 */
final class SyntheticWorker {
  private static final PartitionStats NOTHING = new PartitionStats(1, 1, 0, "part", "0", 0);

  /** When the first and the last partition were handed out (System.nanoTime), and how many were. */
  record Clock(AtomicLong first, AtomicLong last, AtomicLong count) {
    Clock() {
      this(new AtomicLong(), new AtomicLong(), new AtomicLong());
    }

    void tick() {
      long now = System.nanoTime();
      first.compareAndSet(0, now);
      last.set(now);
      count.incrementAndGet();
    }
  }

  private SyntheticWorker() {}

  static Behavior<PartitionWorker.Command> create(int inFlight, Clock clock) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(PartitionWorker.KEY, ctx.getSelf()));
      ActorRef<PartitionWorker.Command> self = ctx.getSelf();
      AtomicReference<ActorRef<PartitionWorker.Report>> coordinator = new AtomicReference<>();
      return Behaviors.receive(PartitionWorker.Command.class)
          .onMessage(PartitionWorker.WorkAvailable.class, m -> {
            if (coordinator.compareAndSet(null, m.coordinator())) {
              for (int i = 0; i < inFlight; i++) m.coordinator().tell(new PartitionWorker.RequestPartition(self));
            }
            return Behaviors.same();
          })
          .onMessage(PartitionWorker.Assignment.class, m -> {
            clock.tick();
            coordinator.get().tell(new PartitionWorker.PartitionCommitted(m.partition().index(), m.attempt(), NOTHING));
            coordinator.get().tell(new PartitionWorker.RequestPartition(self));
            return Behaviors.same();
          })
          .onAnyMessage(m -> Behaviors.same())
          .build();
    });
  }
}
