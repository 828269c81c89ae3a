package io.sluice.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The fast dense forward pass gives DL4J's own outputs, and is not used where it would not. */
class DenseStackTest {

  @Test
  void givesTheOutputsOfDl4jForEveryActivation() {
    Activation[] hidden = {Activation.RELU, Activation.TANH, Activation.SIGMOID, Activation.LEAKYRELU,
        Activation.IDENTITY, Activation.ELU, Activation.SOFTPLUS};
    for (Activation activation : hidden) {
      for (boolean bias : new boolean[] {true, false}) {
        MultiLayerNetwork network = network(activation, bias, Activation.SOFTMAX, false, DataType.FLOAT);
        assertSameOutputs(network, 64, activation + (bias ? " with bias" : " without bias"));
      }
    }
    assertSameOutputs(network(Activation.RELU, true, Activation.IDENTITY, false, DataType.FLOAT), 96, "identity output");
    assertSameOutputs(network(Activation.RELU, true, Activation.SIGMOID, false, DataType.FLOAT), 32, "sigmoid output");
  }

  @Test
  void ignoresDropoutAsDl4jDoesAtInference() {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(9).list()
        .layer(new DenseLayer.Builder().nIn(12).nOut(16).activation(Activation.RELU).dropOut(0.5).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3).activation(Activation.SOFTMAX)
            .dropOut(0.8).build())
        .build());
    network.init();
    assertTrue(DenseStack.of(network).isPresent());
    assertSameOutputs(network, 64, "dropout configured");
  }

  @Test
  void keepsItsBuffersRightWhenTheBatchSizeChanges() {
    MultiLayerNetwork network = network(Activation.RELU, true, Activation.SOFTMAX, false, DataType.FLOAT);
    ForwardPass fast = DenseStack.of(network).orElseThrow();
    for (int rows : new int[] {64, 32, 64, 128, 32}) {
      INDArray input = Nd4j.rand(DataType.FLOAT, rows, 12).subi(0.5).muli(4);
      float[] expected = network.output(input.dup(), false).dup('c').data().asFloat();
      assertArrayEquals(expected, fast.outputs(input, rows), 1e-6f, rows + " rows");
    }
  }

  @Test
  void leavesOtherNetworksToDl4j() {
    assertFalse(DenseStack.of(network(Activation.RELU, true, Activation.SOFTMAX, true, DataType.FLOAT)).isPresent(),
        "layer norm");
    assertFalse(DenseStack.of(network(Activation.RELU, true, Activation.SOFTMAX, false, DataType.DOUBLE)).isPresent(),
        "double precision");
    MultiLayerNetwork withDropoutLayer = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).list()
        .layer(new DenseLayer.Builder().nIn(12).nOut(8).build())
        .layer(new DropoutLayer.Builder(0.5).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(3).activation(Activation.IDENTITY)
            .build())
        .build());
    withDropoutLayer.init();
    assertFalse(DenseStack.of(withDropoutLayer).isPresent(), "a layer that is not dense");
    assertTrue(DenseStack.of(network(Activation.RELU, true, Activation.SOFTMAX, false, DataType.FLOAT)).isPresent());
  }

  private static void assertSameOutputs(MultiLayerNetwork network, int rows, String what) {
    INDArray input = Nd4j.rand(DataType.FLOAT, rows, 12).subi(0.5).muli(4);
    float[] expected = network.output(input.dup(), false).dup('c').data().asFloat();
    float[] fast = DenseStack.of(network).orElseThrow().outputs(input, rows - 5);
    float[] firstRows = java.util.Arrays.copyOf(expected, fast.length);
    assertArrayEquals(firstRows, fast, 1e-6f, what);
  }

  private static MultiLayerNetwork network(Activation hidden, boolean bias, Activation output, boolean layerNorm,
      DataType dataType) {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5).dataType(dataType)
        .list()
        .layer(new DenseLayer.Builder().nIn(12).nOut(16).activation(hidden).hasBias(bias).hasLayerNorm(layerNorm)
            .build())
        .layer(new DenseLayer.Builder().nIn(16).nOut(16).activation(hidden).hasBias(bias).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(16).nOut(3).activation(output).hasBias(bias)
            .build())
        .build());
    network.init();
    // Non-zero biases, so that leaving them out would show.
    network.params().addi(Nd4j.rand(DataType.FLOAT, network.params().shape()).muli(0.1));
    return network;
  }
}
