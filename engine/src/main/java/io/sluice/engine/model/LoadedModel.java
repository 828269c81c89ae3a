package io.sluice.engine.model;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;

/** A model read from its file, with what the engine needs to know about it, handing out one replica per thread. */
public final class LoadedModel {

  private final Model network;
  private final NetworkWidths widths;
  // Shared by all replicas: transforming features only reads the normalizer's statistics.
  private final DataNormalization normalizer;
  private final String sha256;
  private final AtomicBoolean loadedNetworkHandedOut = new AtomicBoolean();

  LoadedModel(Model network, NetworkWidths widths, DataNormalization normalizer, String sha256) {
    this.network = network;
    this.widths = widths;
    this.normalizer = normalizer;
    this.sha256 = sha256;
  }

  /** Features per record the model takes. */
  public int inputWidth() {
    return widths.input();
  }

  /** Values per record the model gives back. */
  public int outputWidth() {
    return widths.output();
  }

  /** SHA-256 of the model file's bytes, in lower-case hex. */
  public String sha256() {
    return sha256;
  }

  /** {@code MultiLayerNetwork} or {@code ComputationGraph}. */
  public String kind() {
    return network.getClass().getSimpleName();
  }

  /** Whether the model file carried a normalizer, which every prediction then applies first. */
  public boolean hasNormalizer() {
    return normalizer != null;
  }

  /**
   * A copy of the model for one thread: DL4J networks keep per-call state, so two threads must never share one.
   * The first replica gets the loaded network itself, so a single-replica job holds the weights only once.
   */
  public ModelReplica newReplica() {
    Model replica = loadedNetworkHandedOut.getAndSet(true) ? copyOfNetwork() : network;
    return new ModelReplica(forwardPassOf(replica), normalizer, widths);
  }

  // Cloning only reads the configuration and the weights, which inference never changes, so it is
  // safe while another thread predicts with the loaded network.
  private Model copyOfNetwork() {
    return network instanceof MultiLayerNetwork layers ? layers.clone() : ((ComputationGraph) network).clone();
  }

  private ForwardPass forwardPassOf(Model replica) {
    if (replica instanceof MultiLayerNetwork layers) {
      return DenseStack.of(layers).orElseGet(() -> dl4jForwardPass(features -> layers.output(features, false), replica));
    }
    ComputationGraph graph = (ComputationGraph) replica;
    return dl4jForwardPass(features -> graph.outputSingle(false, features), replica);
  }

  private ForwardPass dl4jForwardPass(UnaryOperator<INDArray> output, Model replica) {
    return new Dl4jForwardPass(output, dataTypeOf(replica), widths.output());
  }

  private static DataType dataTypeOf(Model replica) {
    return replica instanceof MultiLayerNetwork layers
        ? layers.getLayerWiseConfigurations().getDataType()
        : ((ComputationGraph) replica).getConfiguration().getDataType();
  }
}
