package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.testing.SluiceLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Contract §9 / issue 15: a Parquet row group is read page by page, not whole. One row group of about 270 MiB of
 * selected (feature) columns, written by parquet-java with its 1 MiB pages, scored through the {@code ./sluice}
 * launcher with {@code SLUICE_JAVA_OPTS=-Xmx256m}: holding the row group's column chunks would not fit that heap.
 */
class ParquetLargeRowGroupIT {
  private static final int FEATURES = 64;
  private static final int ROWS = 1_100_000;
  @TempDir Path dir;

  @Test
  void aRowGroupOf270MiBRunsIn256MiBOfHeap() throws Exception {
    Path input = Files.createDirectories(dir.resolve("in")).resolve("big.parquet");
    writeParquet(input);
    List<BlockMetaData> groups;
    try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(input))) {
      groups = footer.getFooter().getBlocks();
    }
    assertEquals(1, groups.size());
    long featureBytes = groups.get(0).getColumns().stream().filter(c -> !c.getPath().toDotString().equals("id"))
        .mapToLong(c -> c.getTotalSize()).sum();
    assertTrue(featureBytes > 256L << 20, featureBytes + " bytes of feature column chunks in the row group");

    Path model = dir.resolve("model.zip");
    saveModel(model);
    Path job = dir.resolve("job.conf");
    Files.writeString(job, """
        job {
          name = "large-row-group"
          input { uri = "%s", format = parquet, id-column = "id", features = [%s] }
          model { uri = "%s", output = probabilities }
          batching { max-size = 1024 }
          output { uri = "%s", format = csv }
        }
        """.formatted(input.toUri(), IntStream.range(0, FEATURES).mapToObj(f -> "f" + f).collect(Collectors.joining(", ")),
        model.toUri(), dir.resolve("out").toUri()));

    SluiceLauncher.Outcome run = SluiceLauncher.run(dir, Map.of("SLUICE_JAVA_OPTS", "-Xmx256m"), "run", job.toString(), "--quiet");
    assertEquals(0, run.exitCode(), run.output());
    String manifest = Files.readString(dir.resolve("out/_manifest.json"));
    assertEquals(ROWS, total(manifest, "recordsIn"));
    assertEquals(ROWS, total(manifest, "recordsOut"));
  }

  /**
   * {@code id} and FEATURES random FLOAT columns in one row group, snappy (random floats hardly compress), written by
   * parquet-java's example writer straight to the file with its default 1 MiB pages, as Spark would write them.
   */
  private static void writeParquet(Path file) throws IOException {
    SplittableRandom random = new SplittableRandom(15);
    Types.MessageTypeBuilder schema = Types.buildMessage();
    schema.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("id");
    for (int f = 0; f < FEATURES; f++) schema.required(PrimitiveTypeName.FLOAT).named("f" + f);
    MessageType type = schema.named("big");
    SimpleGroupFactory rows = new SimpleGroupFactory(type);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(type)
        .withConf(new PlainParquetConfiguration()).withCompressionCodec(CompressionCodecName.SNAPPY)
        .withRowGroupSize(1L << 30).build()) {
      for (int r = 0; r < ROWS; r++) {
        Group row = rows.newGroup().append("id", Integer.toString(r));
        for (int f = 0; f < FEATURES; f++) row.append("f" + f, (float) (random.nextDouble() * 2 - 1));
        writer.write(row);
      }
    }
  }

  /** A softmax layer over the features: cheap, so that the run's time is reading. */
  private static void saveModel(Path model) throws IOException {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(15)
        .weightInit(WeightInit.XAVIER).list()
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(FEATURES).nOut(2).activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    ModelSerializer.writeModel(network, model.toFile(), false);
  }

  private static long total(String manifest, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\\d+)").matcher(manifest);
    assertTrue(m.find(), key + " in " + manifest);
    return Long.parseLong(m.group(1));
  }
}
