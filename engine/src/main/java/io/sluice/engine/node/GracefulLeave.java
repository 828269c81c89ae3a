package io.sluice.engine.node;

import io.sluice.engine.work.PartitionWorker;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * On SIGTERM (CoordinatedShutdown) a worker node hands its running partitions back to their
 * coordinators before it leaves the cluster, so they run elsewhere at once instead of after
 * the node is noticed gone.
 */
final class GracefulLeave {
  private static final Duration HAND_BACK_TIMEOUT = Duration.ofSeconds(5);

  private GracefulLeave() {}

  static void handBackOnShutdown(ActorSystem<?> system, ActorRef<PartitionWorker.Command> worker) {
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeClusterShutdown(), "hand-back-partitions",
        () -> handBack(system, worker));
  }

  private static CompletionStage<Done> handBack(ActorSystem<?> system, ActorRef<PartitionWorker.Command> worker) {
    CompletionStage<Done> done = AskPattern.ask(worker, PartitionWorker.HandBack::new, HAND_BACK_TIMEOUT, system.scheduler());
    return done.exceptionally(timeout -> Done.getInstance());
  }
}
