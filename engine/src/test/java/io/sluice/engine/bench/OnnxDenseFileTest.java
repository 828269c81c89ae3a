package io.sluice.engine.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.engine.model.LoadedModel;
import io.sluice.engine.model.ModelFormat;
import io.sluice.engine.model.ModelLoader;
import io.sluice.engine.model.ModelSettings;
import io.sluice.engine.model.OnnxSettings;
import io.sluice.engine.model.OutputMode;
import io.sluice.engine.model.Predictor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The benchmark's ONNX form of a dense network computes what DL4J computes with the same weights, and (as any ONNX
 * model here) gives a record the same bits in any batch size, on one thread or several.
 */
class OnnxDenseFileTest {
  private static final int FEATURES = 64;
  private static final int ROWS = 300;

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void theOnnxFormPredictsAsTheDl4jNetworkInAnyBatching(int threads) {
    MultiLayerNetwork network = network();
    LoadedModel onnx = ModelLoader.load(OnnxDenseFile.of(network),
        new ModelSettings(ModelFormat.AUTO, OutputMode.PROBABILITIES, new OnnxSettings("", "", threads), 1));
    assertEquals("ONNX", onnx.kind());
    assertEquals(FEATURES, onnx.inputWidth());
    float[] features = new float[ROWS * FEATURES];
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < features.length; i++) features[i] = (float) (random.nextDouble() * 2 - 1);

    Predictor predictor = onnx.newReplica();
    float[] whole = predictor.predict(features, ROWS, FEATURES);
    float[] dl4j = network.output(Nd4j.create(features, new long[] {ROWS, FEATURES}, 'c')).dup('c').data().asFloat();
    assertArrayEquals(dl4j, whole, 1e-5f);

    for (int batch : new int[] {1, 5, 32, 100, 257}) {
      for (int start = 0; start < ROWS; start += batch) {
        int rows = Math.min(batch, ROWS - start);
        float[] part = predictor.predict(Arrays.copyOfRange(features, start * FEATURES, (start + rows) * FEATURES),
            rows, FEATURES);
        assertArrayEquals(Arrays.copyOfRange(whole, start * 4, (start + rows) * 4), part, "batch " + batch);
      }
    }
  }

  private static MultiLayerNetwork network() {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
        .weightInit(WeightInit.XAVIER).list()
        .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(256).activation(Activation.RELU).build())
        .layer(new DenseLayer.Builder().nIn(256).nOut(256).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(256).nOut(4)
            .activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    return network;
  }
}
