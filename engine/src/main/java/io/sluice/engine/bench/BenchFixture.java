package io.sluice.engine.bench;

import io.sluice.connectors.format.FeatureBatch;
import io.sluice.connectors.format.Predictions;
import io.sluice.connectors.parquet.ParquetRowEncoder;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.util.List;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The files of one workload under the benchmark directory, generated once and reused by later runs: the DL4J zip
 * and the same network as an ONNX model, the input as CSV and as Parquet, and a job for each model path and input.
 */
record BenchFixture(Path model, Path input, Path job, Path startupJob, Path onnxModel, Path onnxJob,
    Path onnxStartupJob, Path parquetInput, Path parquetJob) {
  static final int STARTUP_ROWS = 10;
  private static final long SEED = 20261128L;
  private static final int WRITE_BUFFER = 1 << 20;

  /** Makes (or finds) the model, the input of {@code rows} rows, the 10-row input and their job files. */
  static BenchFixture prepare(Path dir, Workload workload, int rows) throws IOException {
    Path home = dir.resolve(workload.label());
    Files.createDirectories(home);
    Path model = home.resolve("model.zip");
    if (!Files.exists(model)) saveModel(workload, model);
    Path onnxModel = home.resolve("model.onnx");
    if (!Files.exists(onnxModel)) saveOnnx(model, onnxModel);
    Path input = home.resolve("input-" + rows + ".csv");
    if (!Files.exists(input)) writeCsv(workload, rows, input);
    Path startupInput = home.resolve("input-" + STARTUP_ROWS + ".csv");
    if (!Files.exists(startupInput)) writeCsv(workload, STARTUP_ROWS, startupInput);
    Path job = writeJob(workload, home, "job-" + rows + ".conf", input, model, home.resolve("engine-out"));
    Path startupJob = writeJob(workload, home, "job-" + STARTUP_ROWS + ".conf", startupInput, model,
        home.resolve("startup-out"));
    Path onnxJob = writeJob(workload, home, "job-onnx-" + rows + ".conf", input, onnxModel,
        home.resolve("engine-onnx-out"));
    Path onnxStartupJob = writeJob(workload, home, "job-onnx-" + STARTUP_ROWS + ".conf", startupInput, onnxModel,
        home.resolve("startup-onnx-out"));
    Path parquet = home.resolve("input-" + rows + ".parquet");
    if (!Files.exists(parquet)) writeParquet(workload, rows, parquet);
    Path parquetJob = writeJob(workload, home, "job-" + rows + "-parquet.conf", parquet, model, home.resolve("engine-out"));
    return new BenchFixture(model, input, job, startupJob, onnxModel, onnxJob, onnxStartupJob, parquet, parquetJob);
  }

  /** The zip's network, weights and all, as an ONNX Gemm/Relu/Softmax graph. */
  private static void saveOnnx(Path zip, Path onnx) throws IOException {
    MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false);
    Path partial = onnx.resolveSibling(onnx.getFileName() + ".partial");
    Files.write(partial, OnnxDenseFile.of(network));
    Files.move(partial, onnx, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void saveModel(Workload workload, Path model) throws IOException {
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
        .seed(SEED).weightInit(WeightInit.XAVIER).list();
    int width = workload.features;
    for (int i = 0; i < Workload.HIDDEN_LAYERS; i++) {
      layers.layer(new DenseLayer.Builder().nIn(width).nOut(workload.hiddenUnits).activation(Activation.RELU).build());
      width = workload.hiddenUnits;
    }
    layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
        .nIn(width).nOut(Workload.OUTPUTS).activation(Activation.SOFTMAX).build());
    MultiLayerNetwork network = new MultiLayerNetwork(layers.build());
    network.init();
    Path partial = model.resolveSibling(model.getFileName() + ".partial");
    ModelSerializer.writeModel(network, partial.toFile(), false);
    Files.move(partial, model, StandardCopyOption.REPLACE_EXISTING);
  }

  static void writeCsv(Workload workload, int rows, Path csv) throws IOException {
    SplittableRandom random = new SplittableRandom(SEED + rows);
    Path partial = csv.resolveSibling(csv.getFileName() + ".partial");
    try (BufferedWriter out = new BufferedWriter(Files.newBufferedWriter(partial), WRITE_BUFFER)) {
      out.write("id," + featureNames(workload, "") + "\n");
      StringBuilder line = new StringBuilder();
      for (int row = 0; row < rows; row++) {
        line.setLength(0);
        line.append(row);
        for (int f = 0; f < workload.features; f++) {
          line.append(',').append((random.nextInt(2_000_001) - 1_000_000) / 1e6f);
        }
        out.append(line).append('\n');
      }
    }
    Files.move(partial, csv, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * The same rows as {@link #writeCsv} (same seed, same floats) as Parquet: {@code id} a string, each feature a FLOAT
   * column, snappy, row groups of 128 MiB, written by Sluice's own Parquet writer.
   */
  private static void writeParquet(Workload workload, int rows, Path file) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    writeParquet(workload, rows, rows, start -> partial);
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * The same rows as {@link #writeParquet(Workload, int, Path)}, cut into files of {@code rowsPerFile} rows named
   * {@code rows-NNNNNN.parquet} in {@code folder}: a data lake's folder of small files.
   */
  static void writeParquetFiles(Workload workload, int rows, int rowsPerFile, Path folder) throws IOException {
    Path partial = folder.resolveSibling(folder.getFileName() + ".partial");
    Files.createDirectories(partial);
    writeParquet(workload, rows, rowsPerFile, start -> partial.resolve(String.format("rows-%06d.parquet", start / rowsPerFile)));
    Files.move(partial, folder, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void writeParquet(Workload workload, int rows, int rowsPerFile, java.util.function.IntFunction<Path> fileOf)
      throws IOException {
    SplittableRandom random = new SplittableRandom(SEED + rows);
    List<String> names = IntStream.range(0, workload.features).mapToObj(f -> "f" + f).toList();
    int batch = 8192;
    for (int fileStart = 0; fileStart < rows; fileStart += rowsPerFile) {
      int fileEnd = Math.min(rows, fileStart + rowsPerFile);
      ParquetRowEncoder writer = new ParquetRowEncoder(List.of("id"), names, "snappy", 128L << 20, null);
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(fileOf.apply(fileStart)), WRITE_BUFFER)) {
        for (int start = fileStart; start < fileEnd; start += batch) {
          int n = Math.min(batch, fileEnd - start);
          String[][] ids = new String[n][];
          float[] values = new float[n * workload.features];
          for (int r = 0; r < n; r++) {
            ids[r] = new String[] {Integer.toString(start + r)};
            for (int f = 0; f < workload.features; f++) values[r * workload.features + f] = (random.nextInt(2_000_001) - 1_000_000) / 1e6f;
          }
          long[] where = new long[n];
          out.write(writer.encode(new FeatureBatch(n, 0, new float[0], ids, where, where),
              new Predictions(n, workload.features, values, null)).toArray());
        }
        out.write(writer.finish().toArray());
      }
    }
  }

  static Path writeJob(Workload workload, Path home, String name, Path input, Path model, Path output)
      throws IOException {
    Path job = home.resolve(name);
    Files.writeString(job, """
        job {
          name = "bench-%s"
          input {
            uri = "%s"
            format = %s
            id-column = "id"
            features = [%s]
          }
          model { uri = "%s", output = probabilities }
          batching { max-size = 1024 }
          output { uri = "%s", format = csv, mode = overwrite }
        }
        """.formatted(workload.label(), input.toUri(), input.toString().endsWith(".parquet") ? "parquet" : "csv", featureNames(workload, "\""), model.toUri(), output.toUri()));
    return job;
  }

  private static String featureNames(Workload workload, String quote) {
    return IntStream.range(0, workload.features).mapToObj(f -> quote + "f" + f + quote)
        .collect(Collectors.joining(","));
  }
}
