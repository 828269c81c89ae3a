package io.sluice.engine.node;

import io.sluice.engine.services.NodeServices;
import io.sluice.engine.Failures;
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
      if (roles.clustered()) serveHttp(ctx.getSystem(), roles.coordinator() ? manager : null);
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

  /**
   * The node's HTTP server: the API with /health and /metrics on a coordinator node ({@code manager}
   * set), /health and /metrics alone on a worker-only node. A node that cannot bind it stops, saying why.
   */
  private static void serveHttp(ActorSystem<?> system, ActorRef<RunManager.Command> manager) {
    var config = system.settings().config();
    String host = ApiSettings.host(config);
    int port = ApiSettings.port(config);
    var bound = manager != null ? HttpApi.start(system, manager, ApiSettings.create(config))
        : HttpApi.startNodeRoutes(system, host, port);
    bound.whenComplete((binding, failure) -> {
      if (failure == null) {
        LOG.info(manager != null ? "HTTP API on {}" : "/health and /metrics on {}", binding.localAddress());
      } else {
        NodeExit.refuse(system, "sluice.api.port: cannot listen on " + host + ":" + port + " ("
            + bindProblem(failure) + "); set sluice.api.host / sluice.api.port to a free address");
      }
    });
  }

  /** "the port is in use" rather than Pekko's "Bind failed for TCP channel on endpoint [...]". */
  private static String bindProblem(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("already in use")) {
        return "the port is in use";
      }
    }
    return Failures.message(failure);
  }

  private static ZoneId scheduleZone(ActorSystem<?> system) {
    String zone = system.settings().config().getString("sluice.schedule.time-zone");
    return zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone);
  }
}
