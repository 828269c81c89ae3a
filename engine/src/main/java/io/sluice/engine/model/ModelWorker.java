package io.sluice.engine.model;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * An actor that owns one {@link ModelReplica} and runs inference requests on it, one at a time.
 *
 * <p>A model call blocks its thread for as long as the model computes, so the parent must spawn this actor on a
 * blocking dispatcher ({@code DispatcherSelector.blocking()}), never on the default one.
 */
public final class ModelWorker {

  /** Restarts in a row after which the worker gives up and stops (its pool then stops with its last worker). */
  public static final int MAX_RESTARTS = 5;
  private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /** What the worker accepts. */
  public interface Command {}

  /**
   * Runs the model on {@code rows} records of {@code width} features, the first {@code rows × width} values;
   * {@code firstRow} is the index of the first record in its partition (see {@link ModelReplica}).
   */
  public record Infer(float[] features, int rows, int width, long firstRow, ActorRef<Result> replyTo)
      implements Command {}

  /** The worker's answer to one {@link Infer}. */
  public sealed interface Result {}

  /** {@code rows × width} model outputs, row-major. */
  public record Inferred(float[] outputs, int rows, int width) implements Result {}

  /** The model call failed; the worker goes on with a sound replica. */
  public record InferenceFailed(String reason) implements Result {}

  private ModelWorker() {}

  /**
   * The worker as a pool runs it. A model call that throws is answered and does not stop the worker; what does
   * (making the replica fails, say for want of native memory) restarts it after a growing pause, and after
   * {@value #MAX_RESTARTS} restarts in a row it stops rather than loop.
   */
  public static Behavior<Command> supervised(LoadedModel model) {
    return Behaviors.supervise(create(model)).onFailure(
        SupervisorStrategy.restartWithBackoff(MIN_BACKOFF, MAX_BACKOFF, 0.2).withMaxRestarts(MAX_RESTARTS));
  }

  /** The worker without supervision: failing to make its replica stops it unless its parent supervises it. */
  public static Behavior<Command> create(LoadedModel model) {
    return Behaviors.setup(context -> new ModelWorker.Running(model).behavior(model.newReplica()));
  }

  /** The worker with its replica, which a failed call may replace. */
  private record Running(LoadedModel model) {

    Behavior<Command> behavior(ModelReplica replica) {
      return Behaviors.receive(Command.class)
          .onMessage(Infer.class, infer -> onInfer(replica, infer))
          .build();
    }

    private Behavior<Command> onInfer(ModelReplica replica, Infer infer) {
      float[] outputs;
      try {
        outputs = replica.predict(infer.features(), infer.rows(), infer.width(), infer.firstRow());
      } catch (RuntimeException e) {
        infer.replyTo().tell(new InferenceFailed(reasonOf(e)));
        // A failed call may leave a network that keeps state between calls half-written: such a replica is
        // replaced, here and now, since the next batch must not wait for a restart's pause.
        return replica.soundAfterFailure() ? Behaviors.same() : behavior(model.newReplica());
      }
      infer.replyTo().tell(new Inferred(outputs, infer.rows(), replica.outputWidth()));
      return Behaviors.same();
    }
  }

  private static String reasonOf(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
  }
}
