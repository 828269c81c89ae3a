package io.sluice.engine.model;

/**
 * The job's {@code model.onnx} block: which input to feed and which output to write (empty: chosen from the model,
 * contract §8), and the intra-op threads of each replica ({@code 0}: the node's cores shared among its replicas, as
 * {@link NativeThreads} does for DL4J models).
 */
public record OnnxSettings(String input, String output, int threads) {
  /** Everything chosen from the model and the node. */
  public static final OnnxSettings DEFAULTS = new OnnxSettings("", "", 0);

  /** The intra-op threads each of {@code replicas} replicas runs with. */
  int threadsPerReplica(int replicas) {
    return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, replicas));
  }
}
