package io.sluice.engine.model;

/** One thread's way of running a model: a batch of feature rows in, a batch of output rows out. Not thread-safe. */
public interface Predictor {

  /** Values per record that {@link #predict} gives back. */
  int outputWidth();

  /**
   * Runs the model on {@code rows} records whose features are the first {@code rows × width} values of
   * {@code features}, row-major, and returns {@code rows × outputWidth()} values, row-major. {@code firstRow} is the
   * index of the batch's first record among the records of its partition that reach the model: predictors compute
   * on tiles of a fixed size aligned to it, so that a record gets the same bits however its partition was batched.
   */
  float[] predict(float[] features, int rows, int width, long firstRow);

  /** As {@link #predict(float[], int, int, long)} for a batch that starts a partition. */
  default float[] predict(float[] features, int rows, int width) {
    return predict(features, rows, width, 0);
  }

  /** Whether a call that threw leaves the predictor fit for the next call; else it must be replaced. */
  default boolean soundAfterFailure() {
    return false;
  }
}
