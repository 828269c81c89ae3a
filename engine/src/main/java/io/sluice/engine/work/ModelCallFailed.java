package io.sluice.engine.work;

/**
 * The model threw for a batch (as opposed to timing out or being unreachable): some of its
 * records may be poison, so the batch is worth splitting to find them.
 */
public final class ModelCallFailed extends RuntimeException {
  public ModelCallFailed(String reason) {
    super("model call failed: " + reason);
  }
}
