package io.sluice.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inference survives garbage collections during native ops: a JVM with a small heap predicts on three threads
 * under constant collection for fifteen seconds without crashing (with ND4J's default executioner it crashed
 * within six seconds in five runs out of five).
 */
class GcPressureIT {
  @TempDir Path dir;

  @Test
  void predictionsSurviveGarbageCollectionsDuringNativeOps() throws Exception {
    Path dense = dir.resolve("dense.zip");
    Files.write(dense, TestModels.zipOf(TestModels.multiLayerNetwork(), TestModels.fittedNormalizer(), dir));
    Path graph = dir.resolve("graph.zip");
    Files.write(graph, TestModels.zipOf(TestModels.computationGraph(), TestModels.fittedNormalizer(), dir));
    Path log = dir.resolve("run.log");
    // A JVM of its own: no opexec property from the build, so the engine's own code must install the executioner.
    Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-XX:ErrorFile=" + dir.resolve("hs_err.log"), "-cp", System.getProperty("java.class.path"),
        GcPressureRun.class.getName(), dense.toString(), graph.toString(), "15"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the run did not end");
    String output = Files.readString(log);
    assertEquals(0, process.exitValue(), output);
    Matcher perThread = Pattern.compile("executioner GcSafeOpExecutioner, batches per thread \\[(\\d+), (\\d+), (\\d+)]")
        .matcher(output);
    // Loading the model also turned off JavaCPP's resident-memory check (ResidentMemoryCheck); this run shows the
    // heap's own bound still holds without it.
    assertTrue(output.contains("JavaCPP maxPhysicalBytes 0"), output);
    assertTrue(perThread.find(), output);
    for (int thread = 1; thread <= 3; thread++) {
      assertTrue(Long.parseLong(perThread.group(thread)) > 0, "predicting thread " + thread + " ran no batch: " + output);
    }
  }
}
