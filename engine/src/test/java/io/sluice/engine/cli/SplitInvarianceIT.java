package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.testing.DemoFixture;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    assertEquals(1, partFiles(one).size());
    assertTrue(partFiles(many).size() >= 8, "partitions: " + partFiles(many).size());
    List<String> oneRows = rows(one);
    assertTrue(oneRows.size() > 1000);
    assertEquals(oneRows, rows(many));
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

  private static List<Path> partFiles(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }

  /** The part files concatenated in name order, without their header rows. */
  private static List<String> rows(Path out) throws IOException {
    List<String> rows = new ArrayList<>();
    for (Path part : partFiles(out)) {
      List<String> lines = Files.readAllLines(part);
      assertEquals("customer_id,region,p_stay,p_churn", lines.get(0));
      rows.addAll(lines.subList(1, lines.size()));
    }
    return rows;
  }

  private static List<String> errors(Path out) throws IOException {
    Path dir = out.resolve("_errors");
    if (!Files.isDirectory(dir)) return List.of();
    List<String> lines = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) lines.addAll(Files.readAllLines(p));
    }
    return lines;
  }

  private static String totals(Path out) throws IOException {
    Matcher m = Pattern.compile("\"totals\"\\s*:\\s*\\{[^}]*\"recordsIn\"[^}]*}").matcher(Files.readString(out.resolve("_manifest.json")));
    assertTrue(m.find());
    return m.group().replaceAll("\"partitions\"\\s*:\\s*\\d+,?", "");
  }
}
