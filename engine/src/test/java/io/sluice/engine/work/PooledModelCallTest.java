package io.sluice.engine.work;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.format.FeatureBatch;
import io.sluice.engine.metrics.Metrics;
import io.sluice.engine.model.ModelWorker;
import io.sluice.engine.model.OutputMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** How a model call ends when the model worker hangs or throws: a failure the partition can act on. */
class PooledModelCallTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static final FeatureBatch BATCH = new FeatureBatch(1, 2, new float[] {1, 2}, new String[][] {{}}, new long[] {0}, new long[] {1});

  private static PooledModelCall call(ActorRef<ModelWorker.Command> pool, Duration timeout) {
    return new PooledModelCall(pool, testKit.system().scheduler(), Metrics.get(testKit.system()), timeout, 1,
        OutputMode.PROBABILITIES, List.of());
  }

  @Test
  void aHangingModelFailsTheCallAfterTheBatchTimeout() {
    ActorRef<ModelWorker.Command> hanging = testKit.spawn(Behaviors.receive(ModelWorker.Command.class)
        .onAnyMessage(m -> Behaviors.same()).build());
    long started = System.nanoTime();
    CompletionException e = assertThrows(CompletionException.class,
        () -> call(hanging, Duration.ofMillis(300)).predict(BATCH, 0).toCompletableFuture().join());
    assertTrue(e.getCause().getMessage().contains("errors.batch-timeout"), e.getCause().getMessage());
    assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(), "failed on time, not never");
  }

  @Test
  void aModelThatThrowsIsAFailureWorthSplittingFor() {
    ActorRef<ModelWorker.Command> throwing = testKit.spawn(Behaviors.receive(ModelWorker.Command.class)
        .onMessage(ModelWorker.Infer.class, m -> {
          m.replyTo().tell(new ModelWorker.InferenceFailed("NaN in layer 2"));
          return Behaviors.same();
        }).build());
    CompletionException e = assertThrows(CompletionException.class,
        () -> call(throwing, Duration.ofSeconds(5)).predict(BATCH, 0).toCompletableFuture().join());
    assertInstanceOf(ModelCallFailed.class, e.getCause());
  }
}
