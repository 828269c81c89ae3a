package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.testing.ChurnCsv;
import io.sluice.engine.testing.DemoFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory is bounded by backpressure, not by the input: a run over more than 1 GB of CSV
 * completes in a JVM limited to 256 MB of heap. Prints the peak resident memory it saw.
 */
class LargeInputIT {
  private static final long TARGET_BYTES = 1_050L * 1024 * 1024;
  @TempDir Path dir;

  @Test
  void aGigabyteOfCsvRunsIn256MegabytesOfHeap() throws Exception {
    Path input = Files.createDirectories(dir.resolve("in")).resolve("customers.csv");
    long rows = ChurnCsv.write(input, TARGET_BYTES, 42);
    assertTrue(Files.size(input) >= 1L << 30, "input is " + Files.size(input) + " bytes");
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"), "job.input.split-size = 64MiB", "job.batching.max-size = 1024",
        "job.errors.max-bad-record-fraction = 0");

    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", job.toString(),
        "--quiet", "--set", "job.input.uri=" + input.toUri()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("run.log").toFile()).start();
    long peakRssKb = 0;
    long started = System.nanoTime();
    while (!process.waitFor(250, TimeUnit.MILLISECONDS)) peakRssKb = Math.max(peakRssKb, rssKb(process.pid()));
    double seconds = (System.nanoTime() - started) / 1e9;
    String log = Files.readString(dir.resolve("run.log"));
    System.out.printf(Locale.ROOT, "LargeInputIT: %,d bytes, %,d records in %.1f s (%,.0f records/s), peak RSS %,d MB, heap limit 256 MB%n",
        Files.size(input), rows, seconds, rows / seconds, peakRssKb / 1024);

    assertEquals(0, process.exitValue(), log);
    String manifest = Files.readString(dir.resolve("out/_manifest.json"));
    assertEquals(rows, total(manifest, "recordsIn"));
    assertEquals(rows, total(manifest, "recordsOut"));
  }

  private static long rssKb(long pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", ""));
      }
    } catch (IOException | NumberFormatException gone) {
      // the process ended between the check and the read
    }
    return 0;
  }

  private static long total(String manifest, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\\d+)").matcher(manifest);
    assertTrue(m.find(), key + " in " + manifest);
    return Long.parseLong(m.group(1));
  }
}
