package io.sluice.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice bench} on a tiny narrow workload finishes and prints every figure with a positive number. */
class BenchTest {
  private static final List<String> FIGURES = List.of(
      "engine end to end, whole process", "engine peak RSS", "engine start-up (10 rows)",
      "engine once started (minus start-up)", "hand-written loop", "model.output alone",
      "read+parse+write alone, 1 thread", "ratio engine / loop", "ratio engine once started / model-only",
      "ratio engine / model-only");

  @TempDir Path dir;

  @Test
  void printsEveryFigureWithAPositiveNumber() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BenchCommand.run(List.of("--workload", "narrow", "--rows", "2000", dir.toString()),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertTrue(printed.startsWith("workload narrow: 2,000 rows"), printed);
    for (String figure : FIGURES) {
      Matcher line = Pattern.compile("(?m)^  " + Pattern.quote(figure) + " +([0-9][0-9,]*(\\.[0-9]+)?)").matcher(printed);
      assertTrue(line.find(), figure + " missing from\n" + printed);
      assertTrue(Double.parseDouble(line.group(1).replace(",", "")) > 0, figure + " not positive in\n" + printed);
    }
  }
}
