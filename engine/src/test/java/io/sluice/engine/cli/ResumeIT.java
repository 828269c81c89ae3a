package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.connectors.storage.TemporaryNames;
import io.sluice.engine.testing.ChurnCsv;
import io.sluice.engine.testing.CliProcess;
import io.sluice.engine.testing.DemoFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `sluice run` killed with SIGKILL halfway, then run again with {@code mode = resume}: the
 * part files equal a clean run's byte for byte, and the partitions committed before the kill
 * are kept, not computed again.
 */
class ResumeIT {
  private static final Duration DEADLINE = Duration.ofMinutes(3);
  @TempDir Path dir;

  @Test
  void aKilledRunResumesToTheSameOutput() throws Exception {
    Path input = Files.createDirectories(dir.resolve("in")).resolve("customers.csv");
    ChurnCsv.write(input, 30L * 1024 * 1024, 11);
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"), "job.input.uri = \"" + input.toUri() + "\"",
        "job.input.split-size = 2MiB", "job.batching.max-size = 256", "job.errors.max-bad-record-fraction = 0");

    assertEquals(0, ended(sluice("clean", "run", job.toString(), "--quiet", "--set",
        "job.output.uri=" + dir.resolve("clean").toUri())));

    Process killed = sluice("killed", "run", job.toString(), "--quiet");
    Path out = dir.resolve("out");
    Instant deadline = Instant.now().plus(DEADLINE);
    while (partFiles(out).size() < 3 && killed.isAlive() && Instant.now().isBefore(deadline)) Thread.sleep(20);
    killed.destroyForcibly().waitFor();
    List<Path> before = partFiles(out);
    assertTrue(before.size() >= 3 && before.size() < partFiles(dir.resolve("clean")).size(),
        "killed halfway: " + before.size() + " part files");
    assertTrue(Files.readString(out.resolve("_manifest.json")).contains("\"RUNNING\""), "the plan was written first");
    // What a write killed midway leaves (the kill above may or may not have left some), and a user's own hidden file.
    Files.writeString(out.resolve(TemporaryNames.forTarget("part-00001.csv")), "half a part file");
    Files.writeString(Files.createDirectories(out.resolve("_errors")).resolve(TemporaryNames.forTarget("part-00002.jsonl")), "{");
    Files.writeString(out.resolve(".keep"), "mine");

    Process changed = sluice("changed", "run", job.toString(), "--quiet", "--set", "job.output.mode=resume",
        "--set", "job.input.split-size=1MiB");
    assertEquals(2, ended(changed), "a changed split size cannot resume");
    assertTrue(Files.readString(dir.resolve("changed.log")).contains("split-size changed"));

    Process resumed = sluice("resumed", "run", job.toString(), "--quiet", "--set", "job.output.mode=resume");
    assertEquals(0, ended(resumed), Files.readString(dir.resolve("resumed.log")));

    for (Path part : partFiles(dir.resolve("clean"))) {
      assertArrayEquals(Files.readAllBytes(part), Files.readAllBytes(out.resolve(part.getFileName())), part.getFileName().toString());
    }
    assertEquals(partFiles(dir.resolve("clean")).size(), partFiles(out).size());
    String manifest = Files.readString(out.resolve("_manifest.json"));
    assertTrue(count(manifest, "\"keptFromEarlierRun\" : true") >= before.size(), "kept, not recomputed: " + manifest);
    assertEquals(total(Files.readString(dir.resolve("clean/_manifest.json")), "recordsOut"), total(manifest, "recordsOut"));
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertEquals(List.of(), leftovers(out), "the killed run's temporary files are gone");
    assertEquals(List.of(), leftovers(out.resolve("_errors")));
    assertEquals("mine", Files.readString(out.resolve(".keep")));
  }

  private static List<Path> leftovers(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) return List.of();
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> TemporaryNames.targetOf(p.getFileName().toString()).isPresent()).toList();
    }
  }

  /** The process's exit code; fails the test instead of waiting for ever when it hangs. */
  private static int ended(Process process) throws InterruptedException {
    if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("sluice did not end within " + DEADLINE);
    }
    return process.exitValue();
  }

  private Process sluice(String name, String... args) throws IOException {
    return CliProcess.start(dir, name, args);
  }

  private static List<Path> partFiles(Path out) throws IOException {
    if (!Files.isDirectory(out)) return List.of();
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.getFileName().toString().matches("part-\\d+\\.csv")).sorted().toList();
    }
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
    return n;
  }

  private static long total(String manifest, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\\d+)").matcher(manifest);
    assertTrue(m.find());
    return Long.parseLong(m.group(1));
  }
}
