package io.sluice.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code ./sluice} launcher at the repository root, run as a user runs it: a separate
 * process with the launcher's own JVM options, over the jar and libraries the build packaged
 * (integration tests run after {@code package}).
 */
public final class SluiceLauncher {
  private SluiceLauncher() {}

  /** The launcher script; tests run in the engine module's folder. */
  public static Path script() {
    return Path.of("..", "sluice").toAbsolutePath().normalize();
  }

  /** What a finished command printed, stdout and stderr together, and its exit code. */
  public record Outcome(int exitCode, String output) {}

  /** Runs {@code ./sluice ARGS...} to its end (at most two minutes) in {@code workDir}. */
  public static Outcome run(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
    Path log = Files.createTempFile(workDir, "sluice-cli", ".log");
    Process process = builder(workDir, env, args).redirectOutput(log.toFile()).start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("sluice " + String.join(" ", args) + " did not finish:\n" + Files.readString(log));
    }
    return new Outcome(process.exitValue(), Files.readString(log));
  }

  /** A process builder for {@code ./sluice ARGS...}, stderr merged into stdout. */
  public static ProcessBuilder builder(Path workDir, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(script().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    return builder;
  }
}
