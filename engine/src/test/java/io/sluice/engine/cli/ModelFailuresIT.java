package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Real DL4J models that throw, through the whole engine: one for particular records (an embedding given a category
 * it does not know) puts exactly those records in {@code _errors/}; one that throws for every call (its normalizer
 * was fitted on other columns) fails each partition attempt after a bounded number of calls, and then the run.
 */
class ModelFailuresIT {
  private static final int ROWS = 3000;
  private static final Set<Integer> UNKNOWN_CATEGORY_ROWS = Set.of(5, 777, 778, 2999);

  @TempDir Path dir;

  @Test
  void onlyTheRecordsTheModelThrowsForGoToErrors() throws Exception {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2).list()
        .layer(new EmbeddingLayer.Builder().nIn(5).nOut(8).activation(Activation.IDENTITY).build())
        .layer(new DenseLayer.Builder().nIn(8).nOut(16).activation(Activation.RELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(2)
            .activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    Path model = dir.resolve("embedding.zip");
    ModelSerializer.writeModel(network, model.toFile(), false);
    Path input = dir.resolve("categories.csv");
    StringBuilder csv = new StringBuilder("id,category\n");
    for (int row = 0; row < ROWS; row++) {
      csv.append("c").append(row).append(',').append(UNKNOWN_CATEGORY_ROWS.contains(row) ? 9 : row % 5).append('\n');
    }
    Files.writeString(input, csv);

    Run run = run(job(input, model, "[\"category\"]", "out-embedding"));

    assertEquals(0, run.exitCode(), run.output());
    List<String> rows = lines(dir.resolve("out-embedding"), "part-");
    assertEquals(ROWS - UNKNOWN_CATEGORY_ROWS.size(), rows.size());
    List<String> errors = lines(dir.resolve("out-embedding/_errors"), "part-");
    assertEquals(UNKNOWN_CATEGORY_ROWS.size(), errors.size(), String.join("\n", errors));
    for (int row : UNKNOWN_CATEGORY_ROWS) {
      assertTrue(errors.stream().anyMatch(e -> e.contains("\"line\":" + (row + 2) + ",") && e.contains("c" + row + ",9")),
          "row " + row + " in errors: " + errors);
    }
    assertTrue(errors.get(0).contains("model call failed"), errors.get(0));
  }

  @Test
  void aModelThatFailsEveryCallFailsTheRunAfterBoundedCalls() throws Exception {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(2).list()
        .layer(new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(2)
            .activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    NormalizerStandardize fittedOnThreeColumns = new NormalizerStandardize();
    fittedOnThreeColumns.fit(new DataSet(Nd4j.rand(50, 3), Nd4j.zeros(50, 2)));
    Path model = dir.resolve("mismatched-normalizer.zip");
    ModelSerializer.writeModel(network, model.toFile(), false);
    ModelSerializer.addNormalizerToModel(model.toFile(), fittedOnThreeColumns);
    Path input = dir.resolve("four.csv");
    StringBuilder csv = new StringBuilder("id,a,b,c,d\n");
    for (int row = 0; row < ROWS; row++) csv.append("r").append(row).append(",1,2,3,").append(row % 7).append('\n');
    Files.writeString(input, csv);

    Run run = run(job(input, model, "[\"a\", \"b\", \"c\", \"d\"]", "out-broken"));

    assertEquals(1, run.exitCode(), run.output());
    assertTrue(run.output().contains("the model failed on every call (31 calls on a batch of 512 records"), run.output());
    assertTrue(run.output().contains("failed after 2 attempts"), run.output());
    assertFalse(Files.exists(dir.resolve("out-broken/_SUCCESS")));
    assertTrue(lines(dir.resolve("out-broken"), "part-").isEmpty(), "no part file");
    assertFalse(Files.exists(dir.resolve("out-broken/_errors")), "the records are not blamed");
  }

  private record Run(int exitCode, String output) {}

  private Run run(Path job) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int code = Main.run(List.of("run", job.toString()), print, print);
    return new Run(code, out.toString(StandardCharsets.UTF_8));
  }

  private Path job(Path input, Path model, String features, String out) throws IOException {
    Path job = dir.resolve(out + ".conf");
    Files.writeString(job, """
        job {
          name = "%s"
          input { uri = "%s", id-column = "id", features = %s }
          model { uri = "%s", labels = ["no", "yes"] }
          batching { max-size = 512 }
          output { uri = "%s" }
          errors { max-bad-records = 100, partition-retries = 1, retry-backoff = 10ms }
        }
        """.formatted(out, input.toUri(), features, model.toUri(), dir.resolve(out).toUri()));
    return job;
  }

  private static List<String> lines(Path folder, String prefix) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.isDirectory(folder)) return lines;
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList()) {
        List<String> all = Files.readAllLines(file);
        lines.addAll(file.toString().endsWith(".csv") ? all.subList(1, all.size()) : all);
      }
    }
    return lines;
  }
}
