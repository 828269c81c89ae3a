package io.sluice.engine.node;

import io.sluice.engine.run.RunManager;
import io.sluice.engine.work.PartitionWorker;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The guardian of a node's actor system: starts the run manager and the partition worker,
 * and hands out the manager's address to whoever asks (the CLI, later the HTTP API).
 */
public final class SluiceNode {

  /** What the node's guardian understands. */
  public interface Command {}

  /** Asks for the run manager of this node. */
  public record GetRunManager(ActorRef<ActorRef<RunManager.Command>> replyTo) implements Command {}

  public static Behavior<Command> create() {
    return Behaviors.setup(ctx -> {
      NodeServices services = NodeServices.create(ctx.getSystem());
      ActorRef<RunManager.Command> manager = ctx.spawn(RunManager.create(services), "run-manager");
      ctx.spawn(PartitionWorker.create(services), "partition-worker");
      return Behaviors.receive(Command.class)
          .onMessage(GetRunManager.class, m -> { m.replyTo().tell(manager); return Behaviors.same(); })
          .build();
    });
  }
}
