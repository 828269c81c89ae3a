package io.sluice.engine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The wall time and peak resident memory of {@code sluice run JOB --quiet} run in a child JVM, as a user runs it. */
record ChildRun(double seconds, long peakRssBytes) {
  private static final long RSS_POLL_MILLIS = 20;

  static ChildRun run(Path job, String xmx, Path log) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (xmx != null) command.add("-Xmx" + xmx);
    command.add("-Dsluice.home=" + System.getProperty("sluice.home", "."));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.sluice.engine.cli.Main",
        "run", job.toString(), "--quiet"));
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    long peakRss = 0;
    while (process.isAlive()) {
      peakRss = Math.max(peakRss, residentBytes(status));
      Thread.sleep(RSS_POLL_MILLIS);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (process.exitValue() != 0) {
      throw new IllegalStateException("sluice run " + job + " exited " + process.exitValue() + ", see " + log);
    }
    return new ChildRun(seconds, peakRss);
  }

  /** VmRSS from /proc/PID/status, or 0 when the process is gone or the file does not exist. */
  private static long residentBytes(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
