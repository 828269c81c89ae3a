package io.sluice.engine.api;

import java.util.Optional;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterActorRefProvider;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/** Whether a node can serve: its actor system runs and, in a cluster, it is a member that is Up. */
final class NodeHealth {
  private NodeHealth() {}

  /** Why the node is not healthy, or empty when it is. */
  static Optional<String> problem(ActorSystem<?> system) {
    if (system.getWhenTerminated().toCompletableFuture().isDone()) return Optional.of("the node is shutting down");
    if (!clustered(system)) return Optional.empty();
    Member self = Cluster.get(system).selfMember();
    return self.status() == MemberStatus.up() ? Optional.empty()
        : Optional.of("cluster member status is " + self.status() + ", not Up");
  }

  /** Whether the node is a cluster member, rather than a single JVM of its own ({@code sluice run}, tests). */
  static boolean clustered(ActorSystem<?> system) {
    return ((ExtendedActorSystem) system.classicSystem()).provider() instanceof ClusterActorRefProvider;
  }
}
