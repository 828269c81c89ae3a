package io.sluice.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What a run of the demo job left in its output folder, read back for comparisons. */
public final class DemoOutput {
  private DemoOutput() {}

  /** The part files with this extension, in name order. */
  public static List<Path> partFiles(Path out, String extension) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-") && p.toString().endsWith("." + extension))
          .sorted().toList();
    }
  }

  /** The CSV part files' rows concatenated in name order, each file's demo header checked and left out. */
  public static List<String> csvRows(Path out) throws IOException {
    List<String> rows = new ArrayList<>();
    for (Path part : partFiles(out, "csv")) {
      List<String> lines = Files.readAllLines(part);
      assertEquals("customer_id,region,p_stay,p_churn", lines.get(0));
      rows.addAll(lines.subList(1, lines.size()));
    }
    return rows;
  }

  /** The errors files' lines in name order; none when the run had no bad record. */
  public static List<String> errors(Path out) throws IOException {
    Path dir = out.resolve("_errors");
    if (!Files.isDirectory(dir)) return List.of();
    List<String> lines = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) lines.addAll(Files.readAllLines(p));
    }
    return lines;
  }

  /** The manifest's record totals, without the partition count (which the split changes). */
  public static String totals(Path out) throws IOException {
    Matcher m = Pattern.compile("\"totals\"\\s*:\\s*\\{[^}]*\"recordsIn\"[^}]*}").matcher(Files.readString(out.resolve("_manifest.json")));
    assertTrue(m.find());
    return m.group().replaceAll("\"partitions\"\\s*:\\s*\\d+,?", "");
  }
}
