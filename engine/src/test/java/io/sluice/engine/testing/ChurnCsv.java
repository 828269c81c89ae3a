package io.sluice.engine.testing;

import io.sluice.engine.demo.DemoData;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Writes large demo-shaped CSV inputs quickly: the demo's columns plus a free-text note the jobs do not use. */
public final class ChurnCsv {
  private static final String NOTE = "called support about the bill and asked about a cheaper plan for the family";

  private ChurnCsv() {}

  /** Writes rows until the file holds at least {@code bytes}; returns the number of records. */
  public static long write(Path file, long bytes, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    long rows = 0;
    long written = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      String header = "customer_id,region,note," + String.join(",", DemoData.FEATURES) + "\n";
      out.write(header);
      written += header.length();
      StringBuilder line = new StringBuilder(160);
      while (written < bytes) {
        line.setLength(0);
        line.append('C').append(rows).append(",north,\"").append(NOTE, 0, 20 + random.nextInt(50)).append("\",")
            .append(random.nextInt(72)).append(',').append(20 + random.nextInt(10000) / 100.0).append(',')
            .append(random.nextInt(10)).append(',').append(random.nextInt(4)).append(',').append(random.nextInt(6)).append('\n');
        out.append(line);
        written += line.length();
        rows++;
      }
    }
    return rows;
  }
}
