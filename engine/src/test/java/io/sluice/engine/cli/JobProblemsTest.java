package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.testing.DemoFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `sluice validate` says about a job with several problems: each once, with its key, all at once. */
class JobProblemsTest {
  @TempDir Path dir;

  @Test
  void columnsMissingFromTheHeaderAreNamedWithTheClosestColumn() {
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"),
        "job.input.features = [tenure, monthly_charges, suport_calls]", "job.input.passthrough = [regoin]");
    Outcome outcome = validate(job);
    assertEquals(2, outcome.code(), outcome.stderr());
    String file = DemoFixture.data().inputDir().resolve("customers-1.csv").toUri().toString();
    assertEquals(List.of(
        "error: job.input.features: 'tenure' is not in the header of " + file + "; did you mean 'tenure_months'?",
        "error: job.input.features: 'suport_calls' is not in the header of " + file + "; did you mean 'support_calls'?",
        "error: job.input.passthrough: 'regoin' is not in the header of " + file + "; did you mean 'region'?"),
        outcome.stderr().lines().toList());
  }

  @Test
  void everyProblemOfTheJobFileIsPrintedOnceOnItsOwnLine() {
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"), "job.batching.max-size = 0", "job.workers.partitions-in-flight = 0");
    Outcome outcome = validate(job);
    assertEquals(2, outcome.code());
    assertEquals(List.of(
        "error: job.batching.max-size: 0 is outside 1..65536",
        "error: job.workers.partitions-in-flight: 0 is outside 1..256"), outcome.stderr().lines().toList());
    assertFalse(outcome.stderr().contains("Exception"), outcome.stderr());
    assertTrue(outcome.stdout().isEmpty(), outcome.stdout());
  }

  private record Outcome(int code, String stdout, String stderr) {}

  private static Outcome validate(Path job) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(List.of("validate", job.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
