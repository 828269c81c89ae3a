package io.sluice.engine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The ONNX models under {@code src/test/resources/onnx}, made by scikit-learn and onnx.helper
 * ({@code make_fixtures.py} beside them), with their inputs and expected predictions, and job files over them.
 */
public final class OnnxFixtures {
  private OnnxFixtures() {}

  /** The fixture file {@code name}, e.g. {@code trees.onnx} or {@code trees-expected.csv}. */
  public static Path file(String name) {
    try {
      return Path.of(OnnxFixtures.class.getResource("/onnx/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("no fixture " + name, e);
    }
  }

  /** A job scoring {@code <model>-input.csv} ({@code features} columns f0...) with {@code model}, extra lines appended. */
  public static Path jobFile(Path dir, String model, Path modelFile, int features, Path out, String... extra) {
    String names = IntStream.range(0, features).mapToObj(f -> "\"f" + f + "\"").collect(Collectors.joining(", "));
    String text = """
        job {
          name = "onnx-test"
          input { uri = "%s", id-column = "id", features = [%s] }
          model { uri = "%s" }
          output { uri = "%s" }
        }
        """.formatted(file(model + "-input.csv").toUri(), names, modelFile.toUri(), out.toUri())
        + String.join("\n", extra) + "\n";
    try {
      Path file = Files.createTempFile(dir, "job", ".conf");
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows of a run's part files in name order, each split into fields, without their header rows. */
  public static List<List<String>> outputRows(Path out) {
    try (var parts = Files.list(out)) {
      return parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
          .flatMap(p -> lines(p).stream().skip(1)).map(line -> List.of(line.split(",", -1))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The header of the first part file. */
  public static String outputHeader(Path out) {
    return lines(out.resolve("part-00000.csv")).get(0);
  }

  public static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
