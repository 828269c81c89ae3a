package io.sluice.engine.node;

import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;

/** Joins the cluster (itself, when no seed nodes are configured) and logs when this node and others are up. */
final class ClusterMembership {
  private ClusterMembership() {}

  static void logWhenUp(ActorContext<?> ctx, NodeRoles roles) {
    Cluster cluster = Cluster.get(ctx.getSystem());
    if (ctx.getSystem().settings().config().getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
    ActorRef<SelfUp> up = ctx.spawn(Behaviors.setup(log -> Behaviors.receive(SelfUp.class)
        .onMessage(SelfUp.class, m -> {
          log.getLog().info("node {} is up with roles {}", cluster.selfMember().address(), cluster.selfMember().getRoles());
          return Behaviors.stopped();
        }).build()), "membership-log");
    cluster.subscriptions().tell(Subscribe.create(up, SelfUp.class));
    ActorRef<ClusterEvent.MemberUp> members = ctx.spawn(Behaviors.setup(log -> {
      // counted from the events themselves: the cluster's state snapshot may lag behind them
      Set<Address> upMembers = new HashSet<>();
      return Behaviors.receive(ClusterEvent.MemberUp.class)
          .onMessage(ClusterEvent.MemberUp.class, m -> {
            upMembers.add(m.member().address());
            log.getLog().info("member {} is up; members: {}", m.member().address(), upMembers.size());
            return Behaviors.same();
          }).build();
    }), "membership-changes");
    cluster.subscriptions().tell(Subscribe.create(members, ClusterEvent.MemberUp.class));
  }
}
