package io.sluice.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

class ModelLoaderTest {

  @TempDir
  Path dir;

  @Test
  void loadsAMultiLayerNetworkAndPredictsAsTheNetworkDoes() throws Exception {
    MultiLayerNetwork network = TestModels.multiLayerNetwork();
    byte[] zip = TestModels.zipOf(network, dir);

    LoadedModel model = ModelLoader.load(zip, ModelFormat.AUTO);

    assertEquals("MultiLayerNetwork", model.kind());
    assertEquals(TestModels.INPUTS, model.inputWidth());
    assertEquals(TestModels.OUTPUTS, model.outputWidth());
    assertFalse(model.hasNormalizer());
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip)), model.sha256());
    float[] features = TestModels.features(5);
    assertArrayEquals(expected(network.output(matrix(features, 5))),
        model.newReplica().predict(features, 5, TestModels.INPUTS), 1e-6f);
  }

  @Test
  void loadsAComputationGraphAndPredictsAsTheGraphDoes() throws Exception {
    ComputationGraph graph = TestModels.computationGraph();

    LoadedModel model = ModelLoader.load(TestModels.zipOf(graph, dir), ModelFormat.AUTO);

    assertEquals("ComputationGraph", model.kind());
    assertEquals(TestModels.INPUTS, model.inputWidth());
    assertEquals(TestModels.OUTPUTS, model.outputWidth());
    float[] features = TestModels.features(6);
    assertArrayEquals(expected(graph.outputSingle(matrix(features, 6))),
        model.newReplica().predict(features, 6, TestModels.INPUTS), 1e-6f);
  }

  @Test
  void aCustomNormalizerIsRefusedBeforeItsClassIsLoaded() throws Exception {
    byte[] zip = TestModels.zipOf(TestModels.multiLayerNetwork(), dir);
    // ND4J's header for a CUSTOM normalizer, naming a class it would instantiate.
    java.io.ByteArrayOutputStream custom = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(custom)) {
      out.writeUTF("NORMALIZER");
      out.writeInt(1);
      out.writeUTF("CUSTOM");
      out.writeUTF("io.sluice.engine.model.NotToBeLoaded");
    }
    java.io.ByteArrayOutputStream withNormalizer = new java.io.ByteArrayOutputStream();
    try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip));
        var out = new java.util.zip.ZipOutputStream(withNormalizer)) {
      for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
        in.transferTo(out);
      }
      out.putNextEntry(new java.util.zip.ZipEntry(org.deeplearning4j.util.ModelSerializer.NORMALIZER_BIN));
      out.write(custom.toByteArray());
    }
    ModelLoadException e = org.junit.jupiter.api.Assertions.assertThrows(ModelLoadException.class,
        () -> ModelLoader.load(withNormalizer.toByteArray(), ModelFormat.AUTO));
    assertTrue(e.getMessage().contains("of type CUSTOM"), e.getMessage());
  }

  @Test
  void appliesTheNormalizerTheZipCarries() throws Exception {
    MultiLayerNetwork network = TestModels.multiLayerNetwork();
    NormalizerStandardize normalizer = TestModels.fittedNormalizer();

    LoadedModel model = ModelLoader.load(TestModels.zipOf(network, normalizer, dir), ModelFormat.DL4J);

    assertTrue(model.hasNormalizer());
    float[] features = TestModels.features(4);
    INDArray normalized = matrix(features, 4);
    normalizer.transform(normalized);
    float[] withNormalizer = expected(network.output(normalized));
    float[] predicted = model.newReplica().predict(features, 4, TestModels.INPUTS);
    assertArrayEquals(withNormalizer, predicted, 1e-6f);
    assertFalse(Arrays.equals(expected(network.output(matrix(features, 4))), predicted),
        "the normalizer must change the outputs, or this test proves nothing");
  }

  @Test
  void feedsADoublePrecisionNetworkItsOwnDataType() throws Exception {
    MultiLayerNetwork network = TestModels.multiLayerNetwork(DataType.DOUBLE);
    Predictor replica = ModelLoader.load(TestModels.zipOf(network, dir), ModelFormat.AUTO).newReplica();
    float[] features = TestModels.features(3);

    float[] predicted = replica.predict(features, 3, TestModels.INPUTS);

    assertArrayEquals(expected(network.output(matrix(features, 3).castTo(DataType.DOUBLE))), predicted, 1e-6f);
  }

  @Test
  void readsOnlyTheBatchFromALongerBuffer() throws Exception {
    MultiLayerNetwork network = TestModels.multiLayerNetwork();
    Predictor replica = ModelLoader.load(TestModels.zipOf(network, dir), ModelFormat.AUTO).newReplica();
    float[] buffer = TestModels.features(10);

    float[] predicted = replica.predict(buffer, 3, TestModels.INPUTS);

    assertEquals(3 * TestModels.OUTPUTS, predicted.length);
    float[] firstRows = Arrays.copyOf(buffer, 3 * TestModels.INPUTS);
    assertArrayEquals(expected(network.output(matrix(firstRows, 3))), predicted, 1e-6f);
  }

  @Test
  void aRecordGetsTheSameBitsWhereverItSitsInABatch() throws Exception {
    Predictor replica = ModelLoader.load(TestModels.zipOf(TestModels.multiLayerNetwork(), dir), ModelFormat.AUTO)
        .newReplica();
    int rows = 1000;
    float[] batch = TestModels.features(rows);
    float[] whole = replica.predict(batch, rows, TestModels.INPUTS);
    for (int cut : new int[] {1, 7, 33, 517}) {
      float[] tail = Arrays.copyOfRange(batch, cut * TestModels.INPUTS, rows * TestModels.INPUTS);
      float[] part = replica.predict(tail, rows - cut, TestModels.INPUTS);
      assertArrayEquals(Arrays.copyOfRange(whole, cut * TestModels.OUTPUTS, rows * TestModels.OUTPUTS), part, 0f,
          "rows from " + cut);
    }
  }

  @Test
  void replicasAreIndependentCopiesThatAgree() throws Exception {
    LoadedModel model = ModelLoader.load(TestModels.zipOf(TestModels.computationGraph(), dir), ModelFormat.AUTO);
    float[] features = TestModels.features(3);

    float[] first = model.newReplica().predict(features, 3, TestModels.INPUTS);
    float[] second = model.newReplica().predict(features, 3, TestModels.INPUTS);

    assertArrayEquals(first, second, 0f);
  }

  @Test
  void replicasPredictOnSeveralThreadsAtOnce() throws Exception {
    byte[] zip = TestModels.zipOf(TestModels.multiLayerNetwork(), TestModels.fittedNormalizer(), dir);
    LoadedModel model = ModelLoader.load(zip, ModelFormat.AUTO);
    float[] features = TestModels.features(50);
    float[] reference = model.newReplica().predict(features, 50, TestModels.INPUTS);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> agreements = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        Predictor replica = model.newReplica();
        agreements.add(threads.submit(() -> predictsRepeatedly(replica, features, reference)));
      }
      for (Future<Boolean> agreement : agreements) {
        assertTrue(agreement.get(60, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void refusesABatchOfTheWrongWidth() throws Exception {
    Predictor replica =
        ModelLoader.load(TestModels.zipOf(TestModels.multiLayerNetwork(), dir), ModelFormat.AUTO).newReplica();

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> replica.predict(new float[10], 2, 5));
    assertEquals("the model takes 4 features per record but the batch has 5", refused.getMessage());
  }

  @Test
  void emptyBatchGivesNoOutputs() throws Exception {
    Predictor replica =
        ModelLoader.load(TestModels.zipOf(TestModels.multiLayerNetwork(), dir), ModelFormat.AUTO).newReplica();

    assertEquals(0, replica.predict(new float[0], 0, TestModels.INPUTS).length);
  }

  @Test
  void garbageBytesAreNotAModel() {
    byte[] garbage = "this is not a model".getBytes(StandardCharsets.UTF_8);

    ModelLoadException refused =
        assertThrows(ModelLoadException.class, () -> ModelLoader.load(garbage, ModelFormat.AUTO));
    assertEquals("cannot read model: neither a DL4J zip nor an ONNX model (set job.model.format if it is one of "
        + "them)", refused.getMessage());
    ModelLoadException asDl4j =
        assertThrows(ModelLoadException.class, () -> ModelLoader.load(garbage, ModelFormat.DL4J));
    assertEquals("not a DL4J model zip (no configuration.json)", asDl4j.getMessage());
  }

  @Test
  void aZipWithoutConfigurationIsNotAModel() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("readme.txt"));
      zip.write("hello".getBytes(StandardCharsets.UTF_8));
    }

    ModelLoadException refused =
        assertThrows(ModelLoadException.class, () -> ModelLoader.load(bytes.toByteArray(), ModelFormat.DL4J));
    assertEquals("not a DL4J model zip (no configuration.json)", refused.getMessage());
  }

  @Test
  void kerasAndSameDiffAreNotSupportedYet() {
    ModelLoadException keras =
        assertThrows(ModelLoadException.class, () -> ModelLoader.load(new byte[0], ModelFormat.KERAS));
    assertEquals("format keras is not supported yet: convert the model to a DL4J zip with KerasModelImport",
        keras.getMessage());
    ModelLoadException sameDiff =
        assertThrows(ModelLoadException.class, () -> ModelLoader.load(new byte[0], ModelFormat.SAMEDIFF));
    assertTrue(sameDiff.getMessage().startsWith("format samediff is not supported yet"), sameDiff.getMessage());
  }

  @Test
  void refusesAGraphWithSeveralInputs() throws Exception {
    byte[] zip = TestModels.zipOf(TestModels.twoInputGraph(), dir);

    ModelLoadException refused = assertThrows(ModelLoadException.class, () -> ModelLoader.load(zip, ModelFormat.AUTO));
    assertTrue(refused.getMessage().startsWith("models with several inputs are not supported"), refused.getMessage());
  }

  private static boolean predictsRepeatedly(Predictor replica, float[] features, float[] reference) {
    for (int call = 0; call < 100; call++) {
      if (!Arrays.equals(reference, replica.predict(features, 50, TestModels.INPUTS))) {
        return false;
      }
    }
    return true;
  }

  private static INDArray matrix(float[] features, int rows) {
    return Nd4j.create(features, new long[] {rows, TestModels.INPUTS}, 'c');
  }

  private static float[] expected(INDArray output) {
    return output.dup('c').data().asFloat();
  }
}
