package io.sluice.engine.node;

import io.sluice.engine.api.ApiSettings;
import io.sluice.engine.api.HttpApi;
import io.sluice.engine.run.ManagerMemory;
import io.sluice.engine.run.ReplicatedMemory;
import io.sluice.engine.run.RunManager;
import io.sluice.engine.work.PartitionWorker;
import java.time.ZoneId;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guardian of a node's actor system. On a cluster node the run manager is a cluster
 * singleton on the {@code coordinator} nodes and every {@code worker} node gets a partition
 * worker; in a single JVM (`sluice run`) both live here. Hands out the manager's address (the
 * singleton's proxy) to whoever asks: the CLI and the HTTP API.
 */
public final class SluiceNode {
  private static final Logger LOG = LoggerFactory.getLogger(SluiceNode.class);

  /** What the node's guardian understands. */
  public interface Command {}

  /** Asks for the run manager of this node. */
  public record GetRunManager(ActorRef<ActorRef<RunManager.Command>> replyTo) implements Command {}

  public static Behavior<Command> create() {
    return create(NodeServices::create);
  }

  /** A node whose stores and executors come from {@code servicesFor}: tests give nodes slow stores. */
  public static Behavior<Command> create(Function<ActorSystem<?>, NodeServices> servicesFor) {
    return Behaviors.setup(ctx -> {
      NodeServices services = servicesFor.apply(ctx.getSystem());
      NodeRoles roles = NodeRoles.of(ctx.getSystem());
      ActorRef<RunManager.Command> manager = roles.clustered() ? singletonManager(ctx.getSystem(), services)
          : ctx.spawn(RunManager.create(services, ManagerMemory.NONE, scheduleZone(ctx.getSystem())), "run-manager");
      if (roles.worker()) {
        ActorRef<PartitionWorker.Command> worker = ctx.spawn(PartitionWorker.supervised(services), "partition-worker");
        GracefulLeave.handBackOnShutdown(ctx.getSystem(), worker);
      }
      if (roles.clustered()) ClusterMembership.logWhenUp(ctx, roles);
      if (roles.clustered() && roles.coordinator()) serveApi(ctx.getSystem(), manager);
      return Behaviors.receive(Command.class)
          .onMessage(GetRunManager.class, m -> { m.replyTo().tell(manager); return Behaviors.same(); })
          .build();
    });
  }

  /** One active manager in the cluster, on a coordinator node; a proxy to it on every node. */
  private static ActorRef<RunManager.Command> singletonManager(ActorSystem<?> system, NodeServices services) {
    Behavior<RunManager.Command> manager = Behaviors.supervise(
        RunManager.create(services, new ReplicatedMemory(system), scheduleZone(system)))
        .onFailure(SupervisorStrategy.restart());
    return ClusterSingleton.get(system).init(SingletonActor.of(manager, "run-manager")
        .withSettings(ClusterSingletonSettings.create(system).withRole(NodeRoles.COORDINATOR)));
  }

  /** The HTTP API of a coordinator node; a node that cannot bind it stops, saying why. */
  private static void serveApi(ActorSystem<?> system, ActorRef<RunManager.Command> manager) {
    ApiSettings settings = ApiSettings.create(system.settings().config());
    HttpApi.start(system, manager, settings).whenComplete((binding, failure) -> {
      if (failure == null) {
        LOG.info("HTTP API on {}", binding.localAddress());
      } else {
        LOG.error("cannot serve the HTTP API on {}:{}: {}", settings.host(), settings.port(), failure.getMessage());
        system.terminate();
      }
    });
  }

  private static ZoneId scheduleZone(ActorSystem<?> system) {
    String zone = system.settings().config().getString("sluice.schedule.time-zone");
    return zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone);
  }
}
