package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.engine.testing.ChurnCsv;
import io.sluice.engine.testing.CliProcess;
import io.sluice.engine.testing.DemoFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder of many small files is packed into a few partitions: one part file each, a bad record's errors line
 * still names its own file and line, and a packed run killed halfway resumes to the same output.
 */
class SmallFilesIT {
  private static final Duration DEADLINE = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  /** Files of a few KiB are read whole, each in one call; files of over a MiB packed together are streamed. */
  @ParameterizedTest
  @CsvSource({"400, 2000, 65536", "6, 1200000, 4194304"})
  void manySmallFilesMakeFewPartsAndABadRecordNamesItsFileAndLine(int files, long fileBytes, long split) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    long rows = 0;
    for (int i = 0; i < files; i++) {
      Path file = in.resolve(String.format("day-%04d.csv", i));
      rows += ChurnCsv.write(file, fileBytes, i);
    }
    Path bad = in.resolve(String.format("day-%04d.csv", files * 3 / 5));
    List<String> lines = new ArrayList<>(Files.readAllLines(bad));
    lines.set(4, "C-bad,north,\"broken\",12,not-a-number,1,2,3"); // line 5 of that file
    Files.write(bad, lines);
    long bytes = 0;
    try (Stream<Path> s = Files.list(in)) {
      for (Path p : s.toList()) bytes += Files.size(p);
    }
    Path out = dir.resolve("out");
    Path job = DemoFixture.jobFile(dir, out, "job.input.uri = \"" + in.toUri() + "\"", "job.input.split-size = " + split,
        "job.errors.max-bad-records = 1",
        "job.input.open-cost = 0"); // with no open cost charged, packs fill their split: at most one more than bytes / split

    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int exit = Main.run(List.of("run", job.toString(), "--quiet"), new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));
    assertEquals(0, exit, stderr.toString(StandardCharsets.UTF_8));

    List<Path> parts = partFiles(out);
    long bound = (bytes + split - 1) / split + 1;
    assertTrue(parts.size() <= bound, parts.size() + " part files for " + bytes + " bytes; at most " + bound);
    JsonNode manifest = JSON.readTree(out.resolve("_manifest.json").toFile());
    assertEquals(parts.size(), manifest.path("totals").path("partitions").asInt());
    assertEquals(rows, manifest.path("totals").path("recordsIn").asLong(), "every record of every file read once");
    assertEquals(1, manifest.path("totals").path("badRecords").asLong());
    int listed = 0;
    for (JsonNode p : manifest.path("partitions")) listed += Math.max(1, p.path("files").size());
    assertTrue(parts.size() < files, "packed: " + parts.size() + " part files");
    assertEquals(files, listed, "the manifest names each file once: " + manifest);

    List<String> errors = new ArrayList<>();
    try (Stream<Path> s = Files.list(out.resolve("_errors"))) {
      for (Path p : s.toList()) errors.addAll(Files.readAllLines(p));
    }
    assertEquals(1, errors.size(), String.join("\n", errors));
    JsonNode error = JSON.readTree(errors.get(0));
    assertEquals(bad.toUri().toString(), error.path("file").asText());
    assertEquals(5, error.path("line").asLong());
    long offset = Files.readString(bad).indexOf("C-bad");
    assertEquals(offset, error.path("offset").asLong(), "the offset in its own file");
  }

  @Test
  void aKilledPackedRunResumesToTheSameOutput() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    for (int i = 0; i < 300; i++) ChurnCsv.write(in.resolve(String.format("part-of-day-%04d.csv", i)), 60_000, i);
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"), "job.input.uri = \"" + in.toUri() + "\"",
        "job.input.split-size = 1MiB", "job.errors.max-bad-record-fraction = 0");

    assertEquals(0, ended(CliProcess.start(dir, "clean", "run", job.toString(), "--quiet", "--set",
        "job.output.uri=" + dir.resolve("clean").toUri())));
    List<Path> clean = partFiles(dir.resolve("clean"));
    assertTrue(clean.size() < 300 / 4, "packed: " + clean.size() + " part files");

    Process killed = CliProcess.start(dir, "killed", "run", job.toString(), "--quiet");
    Path out = dir.resolve("out");
    Instant deadline = Instant.now().plus(DEADLINE);
    while (partFiles(out).size() < 3 && killed.isAlive() && Instant.now().isBefore(deadline)) Thread.sleep(20);
    killed.destroyForcibly().waitFor();
    List<Path> before = partFiles(out);
    assertTrue(before.size() >= 3 && before.size() < clean.size(), "killed halfway: " + before.size() + " part files");

    Process resumed = CliProcess.start(dir, "resumed", "run", job.toString(), "--quiet", "--set", "job.output.mode=resume");
    assertEquals(0, ended(resumed), Files.readString(dir.resolve("resumed.log")));
    for (Path part : clean) {
      assertArrayEquals(Files.readAllBytes(part), Files.readAllBytes(out.resolve(part.getFileName())), part.getFileName().toString());
    }
    assertEquals(clean.size(), partFiles(out).size());
    JsonNode manifest = JSON.readTree(out.resolve("_manifest.json").toFile());
    int kept = 0;
    for (JsonNode p : manifest.path("partitions")) if (p.path("keptFromEarlierRun").asBoolean()) kept++;
    assertTrue(kept >= before.size(), "kept, not recomputed: " + kept + " of " + before.size());
    assertEquals(JSON.readTree(dir.resolve("clean/_manifest.json").toFile()).path("totals").path("recordsOut").asLong(),
        manifest.path("totals").path("recordsOut").asLong());
  }

  private static int ended(Process process) throws InterruptedException {
    if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("sluice did not end within " + DEADLINE);
    }
    return process.exitValue();
  }

  private static List<Path> partFiles(Path out) throws IOException {
    if (!Files.isDirectory(out)) return List.of();
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.getFileName().toString().matches("part-\\d+\\.csv")).sorted().toList();
    }
  }
}
