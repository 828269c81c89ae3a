package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.testing.ChurnCsv;
import io.sluice.engine.testing.CliProcess;
import io.sluice.engine.testing.DemoFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two `sluice run` processes on one output folder: the second is refused (exit 2) naming the
 * run and process that hold the folder, and deletes nothing; once the holder is SIGKILLed its
 * lock is gone with it, and a resume finishes the run.
 */
class OutputLockIT {
  @TempDir Path dir;

  @Test
  void aSecondProcessIsRefusedAndACrashedHolderDoesNotBlockAResume() throws Exception {
    Path input = Files.createDirectories(dir.resolve("in")).resolve("customers.csv");
    ChurnCsv.write(input, 8L * 1024 * 1024, 5);
    Path out = dir.resolve("out");
    Path job = DemoFixture.jobFile(dir, out, "job.input.uri = \"" + input.toUri() + "\"", "job.input.split-size = 512KiB",
        "job.batching.max-size = 16", "job.workers { model-replicas = 1, partitions-in-flight = 1 }",
        "job.errors.max-bad-record-fraction = 0");

    Process holder = sluice("holder", "run", job.toString(), "--quiet");
    Path lock = out.resolve(".sluice-lock");
    Instant deadline = Instant.now().plusSeconds(120);
    while (holder.isAlive() && Instant.now().isBefore(deadline) && (partFiles(out).isEmpty() || !Files.exists(lock))) {
      Thread.sleep(20);
    }
    assertTrue(holder.isAlive(), "the first run is in flight: " + Files.readString(dir.resolve("holder.log")));
    String holderRun = field(Files.readString(lock), "runId");
    assertEquals(String.valueOf(holder.pid()), field(Files.readString(lock), "pid"));
    List<Path> before = partFiles(out);

    Process second = sluice("second", "run", job.toString(), "--quiet", "--set", "job.output.mode=overwrite");
    assertEquals(2, second.waitFor(), Files.readString(dir.resolve("second.log")));
    String refusal = Files.readString(dir.resolve("second.log"));
    assertTrue(refusal.contains("job.output.uri: ") && refusal.contains("in use by run " + holderRun)
        && refusal.contains("process " + holder.pid()), refusal);
    assertTrue(holder.isAlive(), "the first run was still in flight while the second was refused");
    for (Path part : before) assertTrue(Files.exists(part), "the refused run deleted nothing: " + part);

    holder.destroyForcibly().waitFor();
    assertTrue(Files.exists(lock), "the lock file stays; its lock went with its process");
    Process resumed = sluice("resumed", "run", job.toString(), "--quiet", "--set", "job.output.mode=resume",
        "--set", "job.batching.max-size=1024", "--set", "job.workers.partitions-in-flight=2");
    assertEquals(0, resumed.waitFor(), Files.readString(dir.resolve("resumed.log")));
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    String manifest = Files.readString(out.resolve("_manifest.json"));
    assertTrue(manifest.contains("\"keptFromEarlierRun\" : true"), manifest);
  }

  private Process sluice(String name, String... args) throws IOException {
    return CliProcess.start(dir, name, args);
  }

  private static String field(String lockFile, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "=(.*)$").matcher(lockFile);
    assertTrue(m.find(), lockFile);
    return m.group(1).trim();
  }

  private static List<Path> partFiles(Path out) throws IOException {
    if (!Files.isDirectory(out)) return List.of();
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.getFileName().toString().matches("part-\\d+\\.csv")).sorted().toList();
    }
  }
}
