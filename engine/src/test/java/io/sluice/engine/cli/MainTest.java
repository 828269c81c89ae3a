package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.testing.DemoFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes and the messages that name the problem. */
class MainTest {
  @TempDir Path dir;
  private String stdout;
  private String stderr;

  private int sluice(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    stdout = out.toString(StandardCharsets.UTF_8);
    stderr = err.toString(StandardCharsets.UTF_8);
    return code;
  }

  private int run(Path job, String... sets) {
    List<String> args = new ArrayList<>(List.of("run", job.toString(), "--quiet"));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return sluice(args.toArray(String[]::new));
  }

  @Test
  void badUsageExitsTwo() {
    assertEquals(2, sluice());
    assertEquals(2, sluice("frobnicate"));
    assertTrue(stderr.contains("unknown command 'frobnicate'"), stderr);
    assertEquals(2, sluice("run"));
    assertEquals(2, sluice("run", "job.conf", "--bogus"));
    assertTrue(stderr.contains("unknown option --bogus"), stderr);
  }

  @Test
  void aMissingJobFileExitsTwoNamingIt() {
    assertEquals(2, sluice("run", dir.resolve("nope.conf").toString()));
    assertTrue(stderr.contains("nope.conf"), stderr);
  }

  @Test
  void aMistypedKeyExitsTwoNamingIt() {
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"), "job.batching.max-szie = 10");
    assertEquals(2, run(job));
    assertTrue(stderr.contains("job.batching.max-szie") && stderr.contains("did you mean job.batching.max-size"), stderr);
  }

  @Test
  void aModelWidthMismatchExitsTwoBeforeReadingData() {
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"));
    assertEquals(2, run(job, "job.input.features=[tenure_months, monthly_charges]"));
    assertTrue(stderr.contains("job.input.features") && stderr.contains("takes 5"), stderr);
    assertFalse(Files.exists(dir.resolve("out")), "nothing is written for an invalid job");
  }

  @Test
  void missingInputExitsTwo() {
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"));
    assertEquals(2, run(job, "job.input.uri=" + dir.resolve("no-such-dir").toUri()));
    assertTrue(stderr.contains("job.input.uri") && stderr.contains("no input files"), stderr);
  }

  @Test
  void anUnreadableModelExitsTwo() throws Exception {
    Path notAModel = Files.writeString(dir.resolve("model.zip"), "this is not a zip");
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"));
    assertEquals(2, run(job, "job.model.uri=" + notAModel.toUri()));
    assertTrue(stderr.contains("job.model.uri"), stderr);
    assertEquals(2, run(job, "job.model.uri=" + dir.resolve("missing.zip").toUri()));
    assertTrue(stderr.contains("job.model.uri"), stderr);
  }

  @Test
  void aRunSucceedsThenItsOutputLocationIsRefusedUnlessOverwritten() throws Exception {
    Path out = dir.resolve("out");
    Path job = DemoFixture.jobFile(dir, out);
    assertEquals(0, run(job), stderr);
    assertTrue(stdout.contains("SUCCEEDED"), stdout);
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertTrue(Files.exists(out.resolve("_manifest.json")));

    assertEquals(2, run(job));
    assertTrue(stderr.contains("job.output.uri") && stderr.contains("already holds"), stderr);

    Files.writeString(out.resolve("notes.txt"), "mine");
    assertEquals(0, run(job, "job.output.mode=overwrite"), stderr);
    assertTrue(Files.exists(out.resolve("notes.txt")), "overwrite clears only Sluice's files");
  }

  @Test
  void aRunOverItsErrorBudgetExitsOneWithoutSuccessMarker() {
    Path out = dir.resolve("strict");
    Path job = DemoFixture.jobFile(dir, out, "job.errors.max-bad-record-fraction = 0");
    assertEquals(1, run(job));
    assertTrue(stdout.contains("FAILED") && stdout.contains("error budget"), stdout);
    assertFalse(Files.exists(out.resolve("_SUCCESS")));
    assertTrue(Files.exists(out.resolve("_manifest.json")), "a failed run still leaves its record");
  }

  @Test
  void validateChecksWithoutRunning() {
    Path out = dir.resolve("out");
    assertEquals(0, sluice("validate", DemoFixture.jobFile(dir, out).toString()));
    assertTrue(stdout.contains("is valid") && stdout.contains("partitions"), stdout);
    assertFalse(Files.exists(out));
  }
}
