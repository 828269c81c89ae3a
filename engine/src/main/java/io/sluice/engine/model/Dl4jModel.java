package io.sluice.engine.model;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;

/** A DL4J zip's network (MultiLayerNetwork or ComputationGraph) and its optional normalizer, one replica per thread. */
final class Dl4jModel implements LoadedModel {

  private final Model network;
  private final NetworkWidths widths;
  // Shared by all replicas: transforming features only reads the normalizer's statistics.
  private final DataNormalization normalizer;
  private final String sha256;
  private final AtomicBoolean loadedNetworkHandedOut = new AtomicBoolean();

  Dl4jModel(Model network, NetworkWidths widths, DataNormalization normalizer, String sha256) {
    this.network = network;
    this.widths = widths;
    this.normalizer = normalizer;
    this.sha256 = sha256;
  }

  @Override
  public int inputWidth() {
    return widths.input();
  }

  @Override
  public int outputWidth() {
    return widths.output();
  }

  @Override
  public String sha256() {
    return sha256;
  }

  /** {@code MultiLayerNetwork} or {@code ComputationGraph}. */
  @Override
  public String kind() {
    return network.getClass().getSimpleName();
  }

  @Override
  public boolean hasNormalizer() {
    return normalizer != null;
  }

  /**
   * A copy of the model for one thread: DL4J networks keep per-call state, so two threads must never share one.
   * The first replica gets the loaded network itself, so a single-replica job holds the weights only once.
   */
  @Override
  public ModelReplica newReplica() {
    Model replica = loadedNetworkHandedOut.getAndSet(true) ? copyOfNetwork() : network;
    return new ModelReplica(forwardPassOf(replica), normalizer, widths, ModelReplica.tileRowsFor(network.numParams()));
  }

  /** The units are named by the job's labels or by their index: a DL4J zip carries no class names. */
  @Override
  public List<String> outputColumns(OutputMode mode, List<String> labels) {
    return OutputColumns.names(mode, labels, widths.output());
  }

  @Override
  public PredictionTranslator translator(OutputMode mode, List<String> labels) {
    return PredictionTranslator.of(mode, labels, widths.output());
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
