package io.sluice.engine.model;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small seeded DL4J networks and model zips for the model package's tests. */
final class TestModels {

  static final int INPUTS = 4;
  static final int OUTPUTS = 3;

  private TestModels() {}

  static MultiLayerNetwork multiLayerNetwork() {
    return multiLayerNetwork(DataType.FLOAT);
  }

  static MultiLayerNetwork multiLayerNetwork(DataType dataType) {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(7)
        .dataType(dataType)
        .list()
        .layer(new DenseLayer.Builder().nIn(INPUTS).nOut(8).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nIn(8).nOut(OUTPUTS).activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    return network;
  }

  static ComputationGraph computationGraph() {
    ComputationGraph graph = new ComputationGraph(graphBuilder()
        .addInputs("features")
        .addLayer("hidden", new DenseLayer.Builder().nIn(INPUTS).nOut(8).activation(Activation.RELU).build(),
            "features")
        .addLayer("scores", outputLayer(8), "hidden")
        .setOutputs("scores")
        .build());
    graph.init();
    return graph;
  }

  static ComputationGraph twoInputGraph() {
    ComputationGraph graph = new ComputationGraph(graphBuilder()
        .addInputs("left", "right")
        .addLayer("leftHidden", new DenseLayer.Builder().nIn(2).nOut(4).build(), "left")
        .addLayer("rightHidden", new DenseLayer.Builder().nIn(2).nOut(4).build(), "right")
        .addLayer("scores", outputLayer(4), "leftHidden")
        .addLayer("unused", outputLayer(4), "rightHidden")
        .setOutputs("scores", "unused")
        .build());
    graph.init();
    return graph;
  }

  /** A standardizer fitted on features far from zero mean and unit variance, so that applying it shows. */
  static NormalizerStandardize fittedNormalizer() {
    INDArray features = Nd4j.rand(new long[] {200, INPUTS}).muli(50).addi(100);
    NormalizerStandardize normalizer = new NormalizerStandardize();
    normalizer.fit(new DataSet(features, Nd4j.zeros(200, OUTPUTS)));
    return normalizer;
  }

  static byte[] zipOf(Model network, Path dir) throws IOException {
    return zipOf(network, null, dir);
  }

  static byte[] zipOf(Model network, NormalizerStandardize normalizer, Path dir) throws IOException {
    File file = Files.createTempFile(dir, "model", ".zip").toFile();
    ModelSerializer.writeModel(network, file, false);
    if (normalizer != null) {
      ModelSerializer.addNormalizerToModel(file, normalizer);
    }
    return Files.readAllBytes(file.toPath());
  }

  /** Rows of features, row-major, with a recognisable spread of values. */
  static float[] features(int rows) {
    float[] values = new float[rows * INPUTS];
    for (int i = 0; i < values.length; i++) {
      values[i] = 80 + (i * 37 % 41);
    }
    return values;
  }

  private static ComputationGraphConfiguration.GraphBuilder graphBuilder() {
    return new NeuralNetConfiguration.Builder().seed(11).graphBuilder();
  }

  private static OutputLayer outputLayer(int nIn) {
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
        .nIn(nIn).nOut(OUTPUTS).activation(Activation.SOFTMAX).build();
  }
}
