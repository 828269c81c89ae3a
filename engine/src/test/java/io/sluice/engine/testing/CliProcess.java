package io.sluice.engine.testing;

import io.sluice.engine.cli.Main;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** `sluice ARGS` as a process of its own on the test's class path, so that a test can SIGKILL it. */
public final class CliProcess {
  private CliProcess() {}

  /** Starts the command line with {@code args}; its output, both streams, goes to {@code dir/name.log}. */
  public static Process start(Path dir, String name, String... args) throws IOException {
    return start(dir, name, List.of(), args);
  }

  /** As {@link #start(Path, String, String...)}, the JVM started with {@code jvmOptions} ({@code -verbose:class}, say). */
  public static Process start(Path dir, String name, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
  }
}
