package io.sluice.engine.testing;

import io.sluice.engine.demo.DemoData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** The demo's dataset and trained model, made once per test JVM, with job files written on top. */
public final class DemoFixture {
  private static DemoData.Result data;

  private DemoFixture() {}

  /** The generated data and model (trained on first use, a few seconds). */
  public static synchronized DemoData.Result data() {
    if (data == null) {
      try {
        Path dir = Files.createTempDirectory("sluice-demo-fixture");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
        data = DemoData.generate(dir, 7L);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return data;
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temporary directory is harmless
    }
  }

  /** A job file over the demo data writing to {@code out}, with extra HOCON lines appended. */
  public static Path jobFile(Path dir, Path out, String... extra) {
    DemoData.Result d = data();
    String features = d.features().stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(", "));
    String text = """
        job {
          name = "demo-test"
          input { uri = "%s", id-column = "customer_id", passthrough = ["region"], features = [%s] }
          model { uri = "%s", labels = ["stay", "churn"] }
          batching { max-size = 256 }
          output { uri = "%s" }
          errors { max-bad-record-fraction = 0.05, retry-backoff = 50ms }
        }
        """.formatted(d.inputDir().toUri(), features, d.model().toUri(), out.toUri()) + String.join("\n", extra) + "\n";
    try {
      Path file = Files.createTempFile(dir, "job", ".conf");
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
