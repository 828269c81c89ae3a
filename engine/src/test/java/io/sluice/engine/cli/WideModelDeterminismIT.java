package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.connectors.storage.ftp.FtpTestServer;
import io.sluice.engine.testing.CliProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A wide model (1024-unit layers, batches of 512) over a slow FTP source gives the same part and errors files byte
 * for byte whether its batches are full or cut short by {@code max-wait}, whatever {@code partitions-in-flight} and
 * {@code model-replicas}, and after {@code kill -9} and {@code resume}. Before the model computed on fixed tiles,
 * batches of other sizes changed the last bits of some probabilities.
 */
class WideModelDeterminismIT {
  private static final int FEATURES = 32;
  private static final int ROWS = 6000;
  private static final Duration DEADLINE = Duration.ofMinutes(4);

  @TempDir Path dir;
  private FtpTestServer ftp;
  private Path model;

  @BeforeEach
  void wideModelAndSlowSource() throws Exception {
    model = dir.resolve("wide.zip");
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5).list()
        .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(1024).activation(Activation.RELU).build())
        .layer(new DenseLayer.Builder().nIn(1024).nOut(1024).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(1024).nOut(4)
            .activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    ModelSerializer.writeModel(network, model.toFile(), false);
    Path in = Files.createDirectories(dir.resolve("ftp-home/in"));
    writeInput(in.resolve("wide.csv"));
    // About 1,200 records a second per connection: a 50 ms max-wait cuts batches far below 512 records.
    ftp = FtpTestServer.startThrottled(dir.resolve("ftp-home"), 400_000);
  }

  @AfterEach
  void stopServer() throws Exception {
    if (ftp != null) ftp.close();
  }

  @Test
  void theSameBytesWhateverTheBatchingTheParallelismAndAResume() throws Exception {
    Path full = runInProcess("full", "job.batching.max-wait = 10m", "job.workers.partitions-in-flight = 1",
        "job.workers.model-replicas = 1");
    Path cut = runInProcess("cut", "job.batching.max-wait = 50ms", "job.workers.partitions-in-flight = 3",
        "job.workers.model-replicas = 2");
    assertTrue(partFiles(full).size() >= 4, "partitions: " + partFiles(full).size());
    assertTrue(Files.list(full.resolve("_errors")).count() > 0, "the input has bad records");
    assertSameFiles(full, cut);

    Path resumed = dir.resolve("out-resumed");
    Path job = jobFile("resumed", resumed, "job.batching.max-wait = 50ms", "job.workers.partitions-in-flight = 1");
    Process killed = sluice("killed", "run", job.toString(), "--quiet");
    Instant deadline = Instant.now().plus(DEADLINE);
    while (partFiles(resumed).isEmpty() && killed.isAlive() && Instant.now().isBefore(deadline)) Thread.sleep(20);
    killed.destroyForcibly().waitFor();
    int before = partFiles(resumed).size();
    assertTrue(before >= 1 && before < partFiles(full).size(), "killed halfway: " + before + " part files");

    Process resume = sluice("resume", "run", job.toString(), "--quiet", "--set", "job.output.mode=resume",
        "--set", "job.workers.model-replicas=2");
    assertTrue(resume.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the resumed run ends");
    assertEquals(0, resume.exitValue(), Files.readString(dir.resolve("resume.log")));
    assertSameFiles(full, resumed);
  }

  private void writeInput(Path file) throws IOException {
    Random random = new Random(17);
    StringBuilder csv = new StringBuilder("id");
    for (int f = 0; f < FEATURES; f++) csv.append(",f").append(f);
    csv.append('\n');
    for (int row = 0; row < ROWS; row++) {
      csv.append("r").append(row);
      for (int f = 0; f < FEATURES; f++) {
        // one record in 500 is not a number: the errors files take part in the comparison
        boolean bad = row % 500 == 7 && f == 3;
        csv.append(',').append(bad ? "n/a" : String.format(Locale.ROOT, "%.5f", random.nextGaussian() * 2));
      }
      csv.append('\n');
    }
    Files.writeString(file, csv);
  }

  private Path jobFile(String name, Path out, String... extra) throws IOException {
    StringBuilder features = new StringBuilder();
    for (int f = 0; f < FEATURES; f++) features.append(f == 0 ? "" : ", ").append("\"f").append(f).append('"');
    String text = """
        job {
          name = "wide-%s"
          input {
            uri = "ftp://127.0.0.1:%d/in/wide.csv"
            ftp { user = "%s", password = "%s" }
            id-column = "id", features = [%s]
            split-size = 256KiB
          }
          model { uri = "%s", labels = ["a", "b", "c", "d"] }
          batching { max-size = 512 }
          output { uri = "%s" }
          errors { max-bad-records = 100, retry-backoff = 50ms }
        }
        """.formatted(name, ftp.port(), FtpTestServer.USER, FtpTestServer.PASSWORD, features, model.toUri(), out.toUri())
        + String.join("\n", extra) + "\n";
    Path file = dir.resolve(name + ".conf");
    Files.writeString(file, text);
    return file;
  }

  private Path runInProcess(String name, String... extra) throws IOException {
    Path out = dir.resolve("out-" + name);
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    assertEquals(0, Main.run(List.of("run", jobFile(name, out, extra).toString(), "--quiet"), sink, sink), name);
    return out;
  }

  private Process sluice(String name, String... args) throws IOException {
    return CliProcess.start(dir, name, args);
  }

  private static void assertSameFiles(Path expected, Path actual) throws IOException {
    List<Path> files = outputFiles(expected);
    assertEquals(files.stream().map(expected::relativize).toList(), outputFiles(actual).stream().map(actual::relativize).toList());
    for (Path file : files) {
      Path other = actual.resolve(expected.relativize(file));
      assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(other), "bytes of " + other);
    }
  }

  /** Part files and errors files, in name order. */
  private static List<Path> outputFiles(Path out) throws IOException {
    try (Stream<Path> s = Files.walk(out)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }

  private static List<Path> partFiles(Path out) throws IOException {
    if (!Files.isDirectory(out)) return List.of();
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.getFileName().toString().matches("part-\\d+\\.csv")).sorted().toList();
    }
  }
}
