package io.sluice.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A record's prediction is the same bits however its partition was cut into batches, on any replica. A wide network
 * is what shows it: with 1024-unit layers BLAS gave other last bits for a third of the rows when the batches were
 * cut elsewhere, before the replica computed on fixed tiles.
 */
class ModelReplicaTest {
  private static final int FEATURES = 256;
  private static final int ROWS = 2181;
  private static LoadedModel model;
  private static float[] features;

  @BeforeAll
  static void wideModel() {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).list()
        .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(1024).activation(Activation.RELU).build())
        .layer(new DenseLayer.Builder().nIn(1024).nOut(1024).activation(Activation.RELU).build())
        .layer(new DenseLayer.Builder().nIn(1024).nOut(1024).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(1024).nOut(4)
            .activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    model = new Dl4jModel(network, new NetworkWidths(FEATURES, 4), null, "test");
    NativeThreads.useOne();
    Random random = new Random(1);
    features = new float[ROWS * FEATURES];
    for (int i = 0; i < features.length; i++) features[i] = (float) random.nextGaussian();
  }

  @Test
  void aRecordGetsTheSameBitsHoweverThePartitionIsBatched() {
    Predictor replica = model.newReplica();
    float[] reference = scoreInBatches(replica, 1024, 1024, 133);
    List<int[]> cuts = List.of(new int[] {1000, 1024, 157}, new int[] {7, 1017, 1024, 133}, new int[] {512, 512, 512, 512, 133},
        new int[] {1, 2, 3, 300, 555, 1320}, hundreds());
    for (int[] batches : cuts) {
      assertBitsEqual(reference, scoreInBatches(replica, batches), Arrays.toString(batches));
    }
  }

  @Test
  void everyReplicaGivesTheSameBits() {
    Predictor first = model.newReplica();
    Predictor second = model.newReplica();
    assertBitsEqual(scoreInBatches(first, 1024, 1024, 133), scoreInBatches(second, 600, 1024, 557), "another replica");
  }

  @Test
  void aSingleRecordAloneGetsTheBitsItGetsInAFullBatch() {
    Predictor replica = model.newReplica();
    float[] reference = scoreInBatches(replica, 1024, 1024, 133);
    for (int row : new int[] {0, 11, 255, 256, 1023, 2180}) {
      float[] alone = replica.predict(Arrays.copyOfRange(features, row * FEATURES, (row + 1) * FEATURES), 1, FEATURES, row);
      assertBitsEqual(Arrays.copyOfRange(reference, row * 4, row * 4 + 4), alone, "row " + row);
    }
  }

  @Test
  void theTileSizeFollowsTheModelsSizeOnly() {
    assertEquals(256, model.newReplica() instanceof ModelReplica replica ? replica.tileRows() : -1, "2.4M weights");
    assertEquals(1024, ModelReplica.tileRowsFor(9_668), "the narrow benchmark network");
    assertEquals(256, ModelReplica.tileRowsFor(2_363_396), "the wide benchmark network");
    assertEquals(512, ModelReplica.tileRowsFor(40_000));
  }

  private static int[] hundreds() {
    List<Integer> sizes = new ArrayList<>();
    for (int left = ROWS; left > 0; left -= 100) sizes.add(Math.min(100, left));
    return sizes.stream().mapToInt(Integer::intValue).toArray();
  }

  private static float[] scoreInBatches(Predictor replica, int... batches) {
    assertEquals(ROWS, Arrays.stream(batches).sum());
    float[] out = new float[ROWS * 4];
    int at = 0;
    for (int rows : batches) {
      float[] batch = Arrays.copyOfRange(features, at * FEATURES, (at + rows) * FEATURES);
      System.arraycopy(replica.predict(batch, rows, FEATURES, at), 0, out, at * 4, rows * 4);
      at += rows;
    }
    return out;
  }

  private static void assertBitsEqual(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    int differing = 0;
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) differing++;
    }
    assertEquals(0, differing, what + ": values with other bits");
  }
}
