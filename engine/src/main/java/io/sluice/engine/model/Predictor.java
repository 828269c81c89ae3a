package io.sluice.engine.model;

/** One thread's way of running a model: a batch of feature rows in, a batch of output rows out. Not thread-safe. */
public interface Predictor {

  /** Values per record that {@link #predict} gives back. */
  int outputWidth();

  /**
   * Runs the model on {@code rows} records whose features are the first {@code rows × width} values of
   * {@code features}, row-major, and returns {@code rows × outputWidth()} values, row-major.
   */
  float[] predict(float[] features, int rows, int width);
}
