package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.testing.OnnxFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX models as scikit-learn-style tools write them, scored through `sluice run` and compared with what
 * scikit-learn itself predicts for the same rows (written by make_fixtures.py beside the models), to 1e-5.
 */
class OnnxModelsIT {
  private static final double TOLERANCE = 1e-5;
  @TempDir Path dir;
  private final CliCapture cli = new CliCapture();

  @Test
  void aPipelineWithZipMapWritesTheProbabilitiesOfItsStringClasses() {
    Path out = run("pipeline-zipmap", 4, "job.model.output = probabilities");
    assertEquals("id,p_setosa,p_versicolor,p_virginica", OnnxFixtures.outputHeader(out));
    assertClose(expected("pipeline-zipmap", 2), values(out, 1), 3);
  }

  @Test
  void aPipelineWithZipMapWritesItsOwnLabelAndItsProbabilityAsScore() {
    Path out = run("pipeline-zipmap", 4, "job.model.output = label");
    assertEquals("id,label,score", OnnxFixtures.outputHeader(out));
    assertLabelsAndScores("pipeline-zipmap", out);
  }

  @Test
  void aTreeEnsembleWritesTheProbabilitiesOfItsInt64Classes() {
    Path out = run("trees", 6);
    assertEquals("id,p_10,p_20,p_30", OnnxFixtures.outputHeader(out));
    assertClose(expected("trees", 2), values(out, 1), 3);
  }

  @Test
  void aTreeEnsembleWritesItsOwnLabelOutput() {
    Path out = run("trees", 6, "job.model.output = label");
    assertEquals("id,label,score", OnnxFixtures.outputHeader(out));
    assertLabelsAndScores("trees", out);
  }

  @Test
  void aGemmReluRegressionWritesItsValues() {
    Path out = run("mlp-regression", 5, "job.model.output = raw");
    assertEquals("id,y_0", OnnxFixtures.outputHeader(out));
    assertClose(expected("mlp-regression", 1), values(out, 1), 1);
  }

  @Test
  void aModelWithoutClassLabelsNamesItsUnitsByIndex() {
    assertEquals("id,p_0", OnnxFixtures.outputHeader(run("mlp-regression", 5)));
  }

  @Test
  void rawWritesAClassifiersUnitsByIndex() {
    Path out = run("trees", 6, "job.model.output = raw");
    assertEquals("id,y_0,y_1,y_2", OnnxFixtures.outputHeader(out));
    assertClose(expected("trees", 2), values(out, 1), 3);
  }

  @Test
  void anOutputWhoseWidthTheModelLeavesOpenIsRefused() {
    Path job = OnnxFixtures.jobFile(dir, "pipeline-zipmap", OnnxFixtures.file("dynamic-width.onnx"), 4,
        dir.resolve("out"));
    assertEquals(2, cli.run("validate", job.toString()), cli.stderr());
    assertTrue(cli.stderr().startsWith("error: job.model.onnx.output: output 'y' is float ["), cli.stderr());
    assertTrue(cli.stderr().contains("its width is not fixed in the model, so its columns cannot be named before "
        + "the run"), cli.stderr());
  }

  @Test
  void theJobsLabelsNameTheModelsClasses() {
    Path out = run("trees", 6, "job.model.labels = [low, mid, high]");
    assertEquals("id,p_low,p_mid,p_high", OnnxFixtures.outputHeader(out));
  }

  @Test
  void aDoubleInputIsFedConverted() {
    // The model sums its four inputs (make_fixtures.py: refusals()).
    Path out = runWith("pipeline-zipmap", OnnxFixtures.file("double-input.onnx"), 4, "job.model.output = raw");
    List<String> input = OnnxFixtures.lines(OnnxFixtures.file("pipeline-zipmap-input.csv"));
    List<List<String>> rows = OnnxFixtures.outputRows(out);
    for (int row = 0; row < rows.size(); row++) {
      double sum = Arrays.stream(input.get(row + 1).split(",")).skip(1).mapToDouble(Double::parseDouble).sum();
      assertEquals(sum, Double.parseDouble(rows.get(row).get(1)), 1e-5);
    }
  }

  @Test
  void theOutputIsTheSameBytesWhateverTheBatchingAndPartitioning() {
    for (String model : List.of("pipeline-zipmap", "trees")) {
      int features = model.equals("trees") ? 6 : 4;
      Path oneBatch = run(model, features, "job.model.onnx.threads = 2");
      Path manyBatches = run(model, features, "job.model.onnx.threads = 2", "job.batching.max-size = 3",
          "job.input.split-size = 1KiB");
      assertTrue(new java.io.File(manyBatches.toFile(), "part-00002.csv").exists(), "several partitions");
      assertEquals(OnnxFixtures.outputRows(oneBatch), OnnxFixtures.outputRows(manyBatches), model);
    }
  }

  @Test
  void aRecordWhosePredictionIsNotFiniteIsABadRecord() throws IOException {
    Path input = dir.resolve("logs.csv");
    Files.writeString(input, "id,f0\na,1.0\nb,-1.0\nc,2.0\n");
    Path out = dir.resolve("out-log");
    Path job = OnnxFixtures.jobFile(dir, "pipeline-zipmap", OnnxFixtures.file("log.onnx"), 1, out,
        "job.input.uri = \"" + input.toUri() + "\"", "job.errors.max-bad-records = 1", "job.model.output = raw");
    assertEquals(0, cli.run("run", job.toString(), "--quiet"), cli.stderr());
    List<List<String>> rows = OnnxFixtures.outputRows(out);
    assertEquals(List.of("a", "c"), rows.stream().map(r -> r.get(0)).toList());
    assertEquals(0.0, Double.parseDouble(rows.get(0).get(1)), 1e-6);
    String errors = Files.readString(out.resolve("_errors").resolve("part-00000.jsonl"));
    assertTrue(errors.contains("\"line\":3") && errors.contains("the prediction is not finite (NaN)"), errors);
  }

  @Test
  void aModelWithTwoInputsIsRefusedNamingTheInputKeyAndItsInputs() {
    assertRefused("two-inputs.onnx", 4, "error: job.model.onnx.input: the model has 2 inputs (a: float [N, 2], "
        + "b: float [N, 2]); Sluice feeds one float [N, F] input with the job's features");
  }

  @Test
  void anInt64InputIsRefusedNamingTheInputKey() {
    assertRefused("int64-input.onnx", 4, "error: job.model.onnx.input: input 'ids' is int64 [N, 4]; Sluice feeds a "
        + "float (or double) [N, F] input with the job's features; the model's inputs: ids: int64 [N, 4]");
  }

  @Test
  void aTruncatedModelIsRefusedNamingTheModelKey() throws IOException {
    byte[] whole = Files.readAllBytes(OnnxFixtures.file("trees.onnx"));
    Path truncated = dir.resolve("truncated.onnx");
    Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
    Path job = OnnxFixtures.jobFile(dir, "trees", truncated, 6, dir.resolve("out"));
    assertEquals(2, cli.run("validate", job.toString()), cli.stderr());
    assertTrue(cli.stderr().startsWith("error: job.model.uri: cannot read model: ONNX Runtime cannot load it: "),
        cli.stderr());
  }

  @Test
  void aFeatureCountOtherThanTheModelsIsRefused() {
    Path job = OnnxFixtures.jobFile(dir, "trees", OnnxFixtures.file("trees.onnx"), 5, dir.resolve("out"));
    assertEquals(2, cli.run("validate", job.toString()), cli.stderr());
    assertEquals("error: job.input.features: lists 5 features but the model (ONNX) takes 6", cli.stderr().strip());
  }

  @Test
  void anOutputTheModelDoesNotHaveIsRefusedListingItsOutputs() {
    Path job = OnnxFixtures.jobFile(dir, "trees", OnnxFixtures.file("trees.onnx"), 6, dir.resolve("out"),
        "job.model.onnx.output = scores");
    assertEquals(2, cli.run("validate", job.toString()), cli.stderr());
    assertEquals("error: job.model.onnx.output: 'scores' is not an output of the model; its outputs: "
        + "label: int64 [N], probabilities: float [N, 3]", cli.stderr().strip());
  }

  private Path run(String model, int features, String... extra) {
    return runWith(model, OnnxFixtures.file(model + ".onnx"), features, extra);
  }

  private Path runWith(String model, Path modelFile, int features, String... extra) {
    Path out = dir.resolve("out-" + System.nanoTime());
    Path job = OnnxFixtures.jobFile(dir, model, modelFile, features, out, extra);
    assertEquals(0, cli.run("run", job.toString(), "--quiet"), cli.stderr());
    return out;
  }

  private void assertRefused(String model, int features, String error) {
    Path job = OnnxFixtures.jobFile(dir, "pipeline-zipmap", OnnxFixtures.file(model), features, dir.resolve("out"));
    assertEquals(2, cli.run("validate", job.toString()), cli.stderr());
    assertEquals(error, cli.stderr().strip());
    assertEquals(2, cli.run("run", job.toString(), "--quiet"), cli.stderr());
    assertEquals(error, cli.stderr().strip());
  }

  /** The model's label is scikit-learn's, and its score that label's probability. */
  private static void assertLabelsAndScores(String model, Path out) {
    List<String> expected = OnnxFixtures.lines(OnnxFixtures.file(model + "-expected.csv"));
    List<String> header = List.of(expected.get(0).split(","));
    List<List<String>> rows = OnnxFixtures.outputRows(out);
    assertEquals(expected.size() - 1, rows.size());
    for (int row = 0; row < rows.size(); row++) {
      String[] want = expected.get(row + 1).split(",");
      assertEquals(want[0], rows.get(row).get(0));
      assertEquals(want[1], rows.get(row).get(1), "row " + row);
      double probability = Double.parseDouble(want[header.indexOf("p_" + want[1])]);
      assertEquals(probability, Double.parseDouble(rows.get(row).get(2)), TOLERANCE, "row " + row);
    }
  }

  /** The expected values per row, from column {@code first} of the expected CSV on. */
  private static double[][] expected(String model, int first) {
    return OnnxFixtures.lines(OnnxFixtures.file(model + "-expected.csv")).stream().skip(1)
        .map(line -> Arrays.stream(line.split(",")).skip(first).mapToDouble(Double::parseDouble).toArray())
        .toArray(double[][]::new);
  }

  private static double[][] values(Path out, int first) {
    return OnnxFixtures.outputRows(out).stream()
        .map(row -> row.stream().skip(first).mapToDouble(Double::parseDouble).toArray()).toArray(double[][]::new);
  }

  private static void assertClose(double[][] expected, double[][] actual, int width) {
    assertEquals(expected.length, actual.length, "rows");
    for (int row = 0; row < expected.length; row++) {
      assertEquals(width, actual[row].length, "row " + row);
      for (int unit = 0; unit < width; unit++) {
        assertEquals(expected[row][unit], actual[row][unit], TOLERANCE, "row " + row + ", unit " + unit);
      }
    }
  }
}
