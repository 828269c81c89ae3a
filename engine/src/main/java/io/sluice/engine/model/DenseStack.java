package io.sluice.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forward pass of a network made only of dense layers, computed as DL4J computes it (matrix product,
 * bias, activation, layer by layer) but straight on BLAS into activation buffers kept between calls.
 *
 * <p>Why: {@code MultiLayerNetwork.output} sets up workspaces, validates and allocates every array on every call,
 * and lays its activations out column-major; on a batch of 1024 rows that bookkeeping costs as much as the
 * arithmetic. Networks with anything else (layer norm, preprocessors, other layer kinds, double precision) keep
 * DL4J's own forward pass.
 */
final class DenseStack implements ForwardPass {
  private final List<Layer> layers;
  /** Per layer, its outputs. */
  private final List<ReusedMatrix> activations = new ArrayList<>();

  /** One layer's weights ({@code nIn × nOut}), bias row or null, and activation. */
  private record Layer(INDArray weights, INDArray bias, IActivation activation) {}

  private DenseStack(List<Layer> layers) {
    this.layers = layers;
    for (Layer layer : layers) activations.add(new ReusedMatrix(layer.weights().size(1)));
  }

  /** The fast pass over {@code network}'s own weights, or empty when the network is not a plain dense stack. */
  static Optional<ForwardPass> of(MultiLayerNetwork network) {
    MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
    if (conf.getDataType() != DataType.FLOAT) return Optional.empty();
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < network.getnLayers(); i++) {
      org.deeplearning4j.nn.conf.layers.Layer layer = network.getLayer(i).conf().getLayer();
      if (conf.getInputPreProcess(i) != null || !isPlainDense(layer)) return Optional.empty();
      FeedForwardLayer dense = (FeedForwardLayer) layer;
      INDArray weights = network.getLayer(i).getParam(DefaultParamInitializer.WEIGHT_KEY);
      INDArray bias = hasBias(layer) ? network.getLayer(i).getParam(DefaultParamInitializer.BIAS_KEY) : null;
      if (weights == null || weights.dataType() != DataType.FLOAT) return Optional.empty();
      layers.add(new Layer(weights, bias, dense.getActivationFn()));
    }
    return layers.isEmpty() ? Optional.empty() : Optional.of(new DenseStack(layers));
  }

  // Exact classes only: a subclass may change what a layer computes.
  private static boolean isPlainDense(org.deeplearning4j.nn.conf.layers.Layer layer) {
    if (layer.getClass() == DenseLayer.class) return !((DenseLayer) layer).hasLayerNorm();
    return layer.getClass() == OutputLayer.class;
  }

  private static boolean hasBias(org.deeplearning4j.nn.conf.layers.Layer layer) {
    return layer instanceof DenseLayer dense ? dense.hasBias() : ((OutputLayer) layer).hasBias();
  }

  /** Every call overwrites the activation buffers before it reads them: nothing a failed call left matters. */
  @Override
  public boolean soundAfterFailure() {
    return true;
  }

  @Override
  public float[] outputs(INDArray input, int rows) {
    long batch = input.size(0);
    INDArray current = input;
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      INDArray out = activations.get(i).withRows(batch);
      Nd4j.gemm(current, layer.weights(), out, false, false, 1.0, 0.0);
      if (layer.bias() != null) out.addiRowVector(layer.bias());
      current = layer.activation().getActivation(out, false);
    }
    float[] result = new float[Math.toIntExact(rows * current.size(1))];
    if (current.ordering() == 'c' && !current.isView()) {
      ((FloatPointer) current.data().pointer()).get(result, 0, result.length);
    } else {
      INDArray rowMajor = current.dup('c');
      System.arraycopy(rowMajor.data().asFloat(), 0, result, 0, result.length);
      rowMajor.close();
    }
    return result;
  }
}
