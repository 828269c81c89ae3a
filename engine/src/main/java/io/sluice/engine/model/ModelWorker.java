package io.sluice.engine.model;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * An actor that owns one {@link Predictor} and runs inference requests on it, one at a time.
 *
 * <p>A model call blocks its thread for as long as the model computes, so the parent must spawn this actor on a
 * blocking dispatcher ({@code DispatcherSelector.blocking()}), never on the default one.
 */
public final class ModelWorker {

  /** What the worker accepts. */
  public interface Command {}

  /** Runs the model on {@code rows} records of {@code width} features, the first {@code rows × width} values. */
  public record Infer(float[] features, int rows, int width, ActorRef<Result> replyTo) implements Command {}

  /** The worker's answer to one {@link Infer}. */
  public sealed interface Result {}

  /** {@code rows × width} model outputs, row-major. */
  public record Inferred(float[] outputs, int rows, int width) implements Result {}

  /** The model call failed; the worker restarts with a fresh replica. */
  public record InferenceFailed(String reason) implements Result {}

  private ModelWorker() {}

  /** The worker, restarted with a fresh replica whenever a model call fails. */
  public static Behavior<Command> supervised(LoadedModel model) {
    return Behaviors.supervise(create(model)).onFailure(SupervisorStrategy.restart());
  }

  /** The worker without supervision: a failing model call stops it unless its parent supervises it. */
  public static Behavior<Command> create(LoadedModel model) {
    return Behaviors.setup(context -> {
      Predictor replica = model.newReplica();
      return Behaviors.receive(Command.class)
          .onMessage(Infer.class, infer -> onInfer(replica, infer))
          .build();
    });
  }

  private static Behavior<Command> onInfer(Predictor replica, Infer infer) {
    float[] outputs;
    try {
      outputs = replica.predict(infer.features(), infer.rows(), infer.width());
    } catch (RuntimeException e) {
      infer.replyTo().tell(new InferenceFailed(reasonOf(e)));
      // A failed call may leave the network's per-call state half-written: let the supervisor replace the replica.
      throw e;
    }
    infer.replyTo().tell(new Inferred(outputs, infer.rows(), replica.outputWidth()));
    return Behaviors.same();
  }

  private static String reasonOf(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
  }
}
