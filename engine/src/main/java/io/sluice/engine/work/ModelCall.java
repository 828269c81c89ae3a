package io.sluice.engine.work;

import io.sluice.connectors.format.FeatureBatch;
import io.sluice.connectors.format.Predictions;
import java.util.concurrent.CompletionStage;

/** How a partition stream gets predictions for a batch: asks the node's model workers. */
public interface ModelCall {

  /**
   * The batch's predictions; fails when the model call fails or times out. {@code firstRow} is the index of the
   * batch's first record among the records of its partition that reach the model.
   */
  CompletionStage<Predictions> predict(FeatureBatch batch, long firstRow);

  /** How many batches may be in the model at once for one partition. */
  int parallelism();
}
