package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.testing.SluiceLauncher;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher starts the heap at 32 MiB, so that a run's peak RSS follows what it needs rather than the JVM's
 * initial heap (1/64 of the machine, or all of a small {@code -Xmx}); a user's own sizes win. Read back from the
 * JVM itself ({@code -XX:+PrintCommandLineFlags}).
 */
class LauncherHeapIT {
  @TempDir Path dir;

  @ParameterizedTest(name = "SLUICE_JAVA_OPTS=''{0}'' starts the heap at {1} bytes")
  @CsvSource({
      "'', 33554432",
      "-Xmx256m, 33554432",
      "-Xmx2g, 33554432",
      "-Xms100m, 104857600",
      "-Xmx16m, 16777216",
      "-Xmx20000k, 20480000"})
  void theHeapStartsSmallUnlessTheUserSizedIt(String options, long initialHeapBytes) throws Exception {
    SluiceLauncher.Outcome outcome = SluiceLauncher.run(
        dir, Map.of("SLUICE_JAVA_OPTS", options + " -XX:+PrintCommandLineFlags"), "--version");
    assertEquals(0, outcome.exitCode(), outcome.output());
    Matcher initial = Pattern.compile("-XX:InitialHeapSize=(\\d+)").matcher(outcome.output());
    assertTrue(initial.find(), outcome.output());
    assertEquals(initialHeapBytes, Long.parseLong(initial.group(1)), outcome.output());
  }
}
