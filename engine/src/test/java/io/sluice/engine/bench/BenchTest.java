package io.sluice.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice bench} on a tiny narrow workload finishes and prints every figure with a positive number, for the
 * DL4J zip and its ONNX form alike.
 */
class BenchTest {
  private static final List<String> FIGURES = List.of(
      "engine end to end, whole process", "engine peak RSS", "engine start-up (10 rows, whole process)",
      "engine once started (minus start-up)", "hand-written loop, whole process, plain java",
      "hand-written loop, whole process, launcher's native settings", "model.output alone, pre-parsed arrays",
      "read+parse+write alone, 1 thread", "Parquet read+decode alone, 1 thread", "ratio engine / loop (plain java)",
      "ratio engine / loop (same native settings)", "ratio engine once started / model-only",
      "ONNX model, engine end to end, whole process", "ONNX model, engine peak RSS",
      "ONNX model, engine start-up (10 rows, whole process)", "ONNX model, engine once started (minus start-up)",
      "ONNX model alone, one predictor, pre-parsed arrays", "ratio ONNX engine / DL4J engine (end to end)",
      "ratio ONNX engine / loop (plain java)", "engine end to end, same rows as Parquet (snappy)",
      "ratio Parquet input / CSV input (rows/s)");
  private static final List<String> MEMORY_FIGURES = List.of("1x (500 rows)", "4x (2,000 rows)", "ratio peak RSS 4x / 1x",
      "Parquet input (row groups of 128 MiB), 1x", "Parquet input (row groups of 128 MiB), 4x", "ratio Parquet peak RSS 4x / 1x");

  @TempDir Path dir;

  @Test
  void printsEveryFigureWithAPositiveNumber() throws Exception {
    String printed = bench("--workload", "narrow", "--rows", "2000", dir.toString());
    assertTrue(printed.startsWith("workload narrow: 2,000 rows"), printed);
    assertFigures(printed, FIGURES);
  }

  @Test
  void theMemoryCheckRunsTheNarrowWorkloadAtOnceAndFourTimesTheInputAsCsvAndParquet() throws Exception {
    String printed = bench("--memory", "--rows", "500", dir.toString());
    assertTrue(printed.startsWith("workload narrow, memory: engine with -Xmx256m"), printed);
    assertFigures(printed, MEMORY_FIGURES);
  }

  @Test
  void theScaleWorkloadsPrintTheirFigures() throws Exception {
    String partitions = bench("--workload", "partitions", "--rows", "2000", dir.toString());
    assertTrue(partitions.startsWith("workload partitions: narrow, 2,000 rows"), partitions);
    assertFigures(partitions, List.of("ratio many / few partitions (wall time)"));
    String smallFiles = bench("--workload", "small-files", "--rows", "2000", dir.toString());
    assertTrue(smallFiles.startsWith("workload small-files: narrow, 2,000 rows as one file and as 40 files of 50 rows"), smallFiles);
    assertFigures(smallFiles, List.of("one file", "40 files", "ratio small files / one file (wall time)",
        "one Parquet file", "20 Parquet files of 100 rows", "ratio small Parquet files / one Parquet file (wall time)"));
    try (var left = Files.list(dir.resolve("narrow"))) {
      // Each timed run wrote into a folder of its own, gone once its figures were taken.
      assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("scale-out-")).toList());
    }
    String coordinator = bench("--workload", "coordinator", "--rows", "500", dir.toString());
    assertFigures(coordinator, List.of("partition hand-outs per second", "whole run (plan, manifest at start and end)"));
  }

  private static String bench(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BenchCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void assertFigures(String printed, List<String> figures) {
    for (String figure : figures) {
      Matcher line = Pattern.compile("(?m)^  " + Pattern.quote(figure) + " +([0-9][0-9,]*(\\.[0-9]+)?)").matcher(printed);
      assertTrue(line.find(), figure + " missing from\n" + printed);
      assertTrue(Double.parseDouble(line.group(1).replace(",", "")) > 0, figure + " not positive in\n" + printed);
    }
  }
}
