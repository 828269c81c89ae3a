package io.sluice.engine.bench;

import io.sluice.engine.model.GcSafeOpExecutioner;
import io.sluice.engine.model.Predictor;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The plain loop a user would write instead of Sluice, and its parts timed alone; each returns rows per second. */
final class HandLoop {
  static final int BATCH = 1024;

  private final MultiLayerNetwork model;
  private final int features;

  HandLoop(MultiLayerNetwork model, int features) {
    this.model = model;
    this.features = features;
  }

  /** {@code HandLoop MODEL INPUT OUTPUT FEATURES}: the loop as its own program, for timing it whole process. */
  public static void main(String[] args) throws IOException {
    // ND4J's default executioner can crash the JVM when a collection meets a native op; this one costs nothing
    // more, so the loop is timed as written, not cut short by a crash.
    GcSafeOpExecutioner.install();
    MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(new File(args[0]), false);
    new HandLoop(model, Integer.parseInt(args[3])).loop(Path.of(args[1]), Path.of(args[2]));
  }

  /** Reads lines, splits them, batches 1024 rows into an INDArray, runs the model and writes its outputs. */
  double loop(Path input, Path output) throws IOException {
    long start = System.nanoTime();
    return perSecond(readBatches(input, output, true, null), start);
  }

  /** The same loop without the model: each row's id and first four features are written instead. */
  double parseOnly(Path input, Path output) throws IOException {
    long start = System.nanoTime();
    return perSecond(readBatches(input, output, false, null), start);
  }

  /** {@code model.output} on arrays of 1024 rows parsed beforehand. */
  double modelOnly(Path input) throws IOException {
    List<INDArray> batches = new ArrayList<>();
    long rows = readBatches(input, null, false, batches);
    model.output(batches.get(0));
    long start = System.nanoTime();
    for (INDArray batch : batches) {
      model.output(batch);
    }
    return perSecond(rows, start);
  }

  /** A model's predictor (as one engine replica runs it) on arrays of 1024 rows parsed beforehand. */
  double predictorOnly(Path input, Predictor predictor) throws IOException {
    List<INDArray> parsed = new ArrayList<>();
    long rows = readBatches(input, null, false, parsed);
    List<float[]> batches = parsed.stream().map(batch -> batch.data().asFloat()).toList();
    predictor.predict(batches.get(0), (int) parsed.get(0).size(0), features);
    long start = System.nanoTime();
    for (int i = 0; i < batches.size(); i++) {
      predictor.predict(batches.get(i), (int) parsed.get(i).size(0), features);
    }
    return perSecond(rows, start);
  }

  /** Parses the input batch by batch, then scores and writes each batch, or keeps it in {@code keep}. */
  private long readBatches(Path input, Path output, boolean infer, List<INDArray> keep) throws IOException {
    long rows = 0;
    try (BufferedReader in = Files.newBufferedReader(input);
        Writer out = output == null ? Writer.nullWriter() : new BufferedWriter(Files.newBufferedWriter(output))) {
      in.readLine();
      String[] ids = new String[BATCH];
      float[] values = new float[BATCH * features];
      int filled = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] fields = line.split(",");
        ids[filled] = fields[0];
        for (int f = 0; f < features; f++) {
          values[filled * features + f] = Float.parseFloat(fields[f + 1]);
        }
        if (++filled == BATCH) {
          flush(ids, values, filled, infer, keep, out);
          rows += filled;
          filled = 0;
        }
      }
      if (filled > 0) {
        flush(ids, values, filled, infer, keep, out);
        rows += filled;
      }
    }
    return rows;
  }

  private void flush(String[] ids, float[] values, int rows, boolean infer, List<INDArray> keep, Writer out)
      throws IOException {
    if (keep != null) {
      keep.add(Nd4j.create(Arrays.copyOf(values, rows * features), new long[] {rows, features}, 'c'));
      return;
    }
    INDArray predictions = infer
        ? model.output(Nd4j.create(Arrays.copyOf(values, rows * features), new long[] {rows, features}, 'c'))
        : null;
    for (int r = 0; r < rows; r++) {
      out.write(ids[r]);
      for (int c = 0; c < Workload.OUTPUTS; c++) {
        out.write(',');
        out.write(Float.toString(infer ? predictions.getFloat(r, c) : values[r * features + c]));
      }
      out.write('\n');
    }
  }

  private static double perSecond(long rows, long startNanos) {
    return rows / ((System.nanoTime() - startNanos) / 1e9);
  }
}
