package io.sluice.engine.cli;

import static io.sluice.engine.testing.DemoOutput.csvRows;
import static io.sluice.engine.testing.DemoOutput.errors;
import static io.sluice.engine.testing.DemoOutput.partFiles;
import static io.sluice.engine.testing.DemoOutput.totals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.testing.DemoFixture;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output does not depend on how the input is cut: many partitions give what one gives. */
class SplitInvarianceIT {
  @TempDir Path dir;

  @Test
  void manyPartitionsGiveTheSameOutputAsOne() throws IOException {
    Path input = DemoFixture.data().inputDir().resolve("customers-1.csv");
    Path one = run("one", input, "64MiB");
    Path many = run("many", input, "4KiB");

    assertEquals(1, partFiles(one, "csv").size());
    assertTrue(partFiles(many, "csv").size() >= 8, "partitions: " + partFiles(many, "csv").size());
    List<String> oneRows = csvRows(one);
    assertTrue(oneRows.size() > 1000);
    assertEquals(oneRows, csvRows(many));
    List<String> bad = errors(one);
    assertTrue(!bad.isEmpty(), "the demo data has malformed lines");
    assertEquals(bad, errors(many));
    assertEquals(totals(one), totals(many));
  }

  private Path run(String name, Path input, String splitSize) throws IOException {
    Path out = dir.resolve(name);
    Path job = DemoFixture.jobFile(dir, out);
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    int code = Main.run(List.of("run", job.toString(), "--quiet", "--set", "job.input.uri=" + input.toUri(),
        "--set", "job.input.split-size=" + splitSize), sink, sink);
    assertEquals(0, code);
    return out;
  }
}
