package io.sluice.engine.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Trains the demo's small churn classifier and saves it, with its normalizer, as a DL4J model zip. */
final class DemoModelTrainer {

  private static final int HIDDEN_UNITS = 16;
  private static final int EPOCHS = 5;
  private static final int BATCH_SIZE = 500;

  private DemoModelTrainer() {}

  static void trainAndSave(List<DemoCustomer> customers, long seed, Path modelFile) throws IOException {
    DataSet examples = examplesOf(customers);
    NormalizerStandardize normalizer = new NormalizerStandardize();
    normalizer.fit(examples);
    normalizer.transform(examples);
    MultiLayerNetwork network = network(seed);
    examples.shuffle(seed);
    List<DataSet> batches = examples.batchBy(BATCH_SIZE);
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      batches.forEach(network::fit);
    }
    ModelSerializer.writeModel(network, modelFile.toFile(), false);
    ModelSerializer.addNormalizerToModel(modelFile.toFile(), normalizer);
  }

  private static DataSet examplesOf(List<DemoCustomer> customers) {
    int features = DemoData.FEATURES.size();
    int classes = DemoData.LABELS.size();
    float[] inputs = new float[customers.size() * features];
    float[] outcomes = new float[customers.size() * classes];
    for (int i = 0; i < customers.size(); i++) {
      DemoCustomer customer = customers.get(i);
      System.arraycopy(customer.features(), 0, inputs, i * features, features);
      outcomes[i * classes + (customer.churned() ? 1 : 0)] = 1;
    }
    return new DataSet(Nd4j.create(inputs, new long[] {customers.size(), features}, 'c'),
        Nd4j.create(outcomes, new long[] {customers.size(), classes}, 'c'));
  }

  private static MultiLayerNetwork network(long seed) {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(seed)
        .weightInit(WeightInit.XAVIER)
        .updater(new Adam(0.02))
        .list()
        .layer(new DenseLayer.Builder()
            .nIn(DemoData.FEATURES.size()).nOut(HIDDEN_UNITS).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nIn(HIDDEN_UNITS).nOut(DemoData.LABELS.size()).activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    return network;
  }
}
