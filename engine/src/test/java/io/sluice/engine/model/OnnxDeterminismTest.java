package io.sluice.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.sluice.engine.testing.OnnxFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An ONNX model gives each record the same bits wherever it sits in a batch, whatever the batch size and on one
 * or two intra-op threads: the output does not depend on how the input was partitioned or batched.
 */
class OnnxDeterminismTest {

  @ParameterizedTest
  @CsvSource({"pipeline-zipmap, 4, 1", "pipeline-zipmap, 4, 2", "trees, 6, 1", "trees, 6, 2",
      "mlp-regression, 5, 1", "mlp-regression, 5, 2"})
  void aRecordGetsTheSameBitsInAnyBatch(String model, int features, int threads) throws IOException {
    ModelSettings settings = new ModelSettings(ModelFormat.AUTO, OutputMode.LABEL, new OnnxSettings("", "", threads), 1);
    LoadedModel loaded = ModelLoader.load(Files.readAllBytes(OnnxFixtures.file(model + ".onnx")), settings);
    float[][] rows = rows(model, features);
    Predictor predictor = loaded.newReplica();
    int width = predictor.outputWidth();
    float[] whole = predictor.predict(flatten(Arrays.asList(rows)), rows.length, features);

    for (int batch : new int[] {1, 3, 7, 16, 33}) {
      Predictor other = loaded.newReplica();
      for (int start = 0; start < rows.length; start += batch) {
        int end = Math.min(rows.length, start + batch);
        float[] out = other.predict(flatten(Arrays.asList(rows).subList(start, end)), end - start, features);
        assertArrayEquals(Arrays.copyOfRange(whole, start * width, end * width), out, model + ", batch " + batch);
      }
    }
    // The rows in reverse order: each row's outputs are the same bits at the other end of the batch.
    List<float[]> reversed = new java.util.ArrayList<>(Arrays.asList(rows));
    java.util.Collections.reverse(reversed);
    float[] backwards = predictor.predict(flatten(reversed), rows.length, features);
    for (int row = 0; row < rows.length; row++) {
      int mirrored = rows.length - 1 - row;
      assertArrayEquals(Arrays.copyOfRange(whole, row * width, (row + 1) * width),
          Arrays.copyOfRange(backwards, mirrored * width, (mirrored + 1) * width), model + ", reversed row " + row);
    }
  }

  @org.junit.jupiter.api.Test
  void aPredictorKeepsItsModelAndSoItsSessionOpenAfterTheCallerDropsTheModel() throws Exception {
    LoadedModel model = ModelLoader.load(Files.readAllBytes(OnnxFixtures.file("trees.onnx")), ModelFormat.AUTO);
    java.lang.ref.WeakReference<LoadedModel> dropped = new java.lang.ref.WeakReference<>(model);
    Predictor predictor = model.newReplica();
    model = null;
    float[][] rows = rows("trees", 6);
    float[] first = predictor.predict(flatten(Arrays.asList(rows)), rows.length, 6);
    System.gc();
    // Unreachable, the model's cleaner would close the session under the predictor.
    org.junit.jupiter.api.Assertions.assertNotNull(dropped.get());
    assertArrayEquals(first, predictor.predict(flatten(Arrays.asList(rows)), rows.length, 6));
  }

  private static float[][] rows(String model, int features) {
    return OnnxFixtures.lines(OnnxFixtures.file(model + "-input.csv")).stream().skip(1).map(line -> {
      String[] fields = line.split(",");
      float[] row = new float[features];
      for (int f = 0; f < features; f++) row[f] = Float.parseFloat(fields[f + 1]);
      return row;
    }).toArray(float[][]::new);
  }

  private static float[] flatten(List<float[]> rows) {
    int width = rows.get(0).length;
    float[] flat = new float[rows.size() * width];
    for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, flat, i * width, width);
    return flat;
  }
}
