package io.sluice.engine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The wall time and peak resident memory of a Java program run in a child JVM, whole process as a user runs it. */
record ChildRun(double seconds, long peakRssBytes) {
  private static final long RSS_POLL_MILLIS = 20;
  /** Names the variables the {@code sluice} launcher set itself, so a plain program can run without them. */
  private static final String NATIVE_DEFAULTS = "SLUICE_NATIVE_DEFAULTS";

  /**
   * {@code sluice run JOB --quiet} through the {@code sluice} launcher, as a user runs it; straight on this JVM's
   * class path where there is no launcher (the project's own tests).
   */
  static ChildRun sluiceRun(Path job, String xmx, Path log, String... settings) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("run", job.toString(), "--quiet"));
    for (String setting : settings) args.addAll(List.of("--set", setting));
    Path launcher = Path.of(System.getProperty("sluice.home", "."), "sluice");
    if (!Files.isExecutable(launcher)) return java("io.sluice.engine.cli.Main", args, xmx, true, log);
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    if (xmx != null) builder.environment().put("SLUICE_JAVA_OPTS", "-Xmx" + xmx);
    return time(builder, log, args);
  }

  /**
   * {@code mainClass} with {@code args} on this JVM's class path; {@code nativeDefaults} false runs it without the
   * native settings the launcher added, as a user's own {@code java} command would.
   */
  static ChildRun java(String mainClass, List<String> args, String xmx, boolean nativeDefaults, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (xmx != null) command.add("-Xmx" + xmx);
    command.add("-Dsluice.home=" + System.getProperty("sluice.home", "."));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    if (!nativeDefaults) withoutNativeDefaults(builder.environment());
    return time(builder, log, args);
  }

  private static ChildRun time(ProcessBuilder builder, Path log, List<String> args)
      throws IOException, InterruptedException {
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    long peakRss = 0;
    while (process.isAlive()) {
      peakRss = Math.max(peakRss, residentBytes(status));
      Thread.sleep(RSS_POLL_MILLIS);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", args) + " exited " + process.exitValue() + ", see " + log);
    }
    return new ChildRun(seconds, peakRss);
  }

  private static void withoutNativeDefaults(Map<String, String> environment) {
    String added = environment.getOrDefault(NATIVE_DEFAULTS, "");
    for (String name : added.trim().split("\\s+")) environment.remove(name);
    environment.remove(NATIVE_DEFAULTS);
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
