package io.sluice.engine.work;

import io.sluice.connectors.format.FeatureBatch;
import io.sluice.connectors.format.Predictions;
import io.sluice.engine.metrics.Metrics;
import io.sluice.engine.model.ModelWorker;
import io.sluice.engine.model.OutputMode;
import io.sluice.engine.model.PredictionTranslator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/** A {@link ModelCall} that asks a node's pool of model workers, bounded by the batch timeout. */
final class PooledModelCall implements ModelCall {
  private final ActorRef<ModelWorker.Command> pool;
  private final Scheduler scheduler;
  private final Metrics metrics;
  private final Duration timeout;
  private final int parallelism;
  private final OutputMode mode;
  private final List<String> labels;

  PooledModelCall(ActorRef<ModelWorker.Command> pool, Scheduler scheduler, Metrics metrics, Duration timeout, int parallelism,
      OutputMode mode, List<String> labels) {
    this.pool = pool;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.timeout = timeout;
    this.parallelism = parallelism;
    this.mode = mode;
    this.labels = labels;
  }

  @Override
  public CompletionStage<Predictions> predict(FeatureBatch batch, long firstRow) {
    long started = System.nanoTime();
    CompletionStage<ModelWorker.Result> reply = AskPattern.ask(pool,
        replyTo -> new ModelWorker.Infer(batch.features, batch.rows, batch.width, firstRow, replyTo), timeout, scheduler);
    return reply.handle((result, failure) -> {
      if (failure instanceof TimeoutException || (failure != null && failure.getCause() instanceof TimeoutException)) {
        throw new IllegalStateException("model call took longer than errors.batch-timeout (" + timeout + ")");
      }
      if (failure != null) throw new IllegalStateException("model call failed: " + failure.getMessage(), failure);
      if (result instanceof ModelWorker.InferenceFailed f) throw new ModelCallFailed(f.reason());
      metrics.batchLatency(Duration.ofNanos(System.nanoTime() - started));
      ModelWorker.Inferred out = (ModelWorker.Inferred) result;
      return PredictionTranslator.toPredictions(out.outputs(), out.rows(), out.width(), mode, labels);
    });
  }

  @Override
  public int parallelism() {
    return parallelism;
  }
}
