package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.testing.DemoFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `sluice validate` says about a job with several problems: each once, with its key, all at once. */
class JobProblemsTest {
  @TempDir Path dir;
  private final CliCapture cli = new CliCapture();

  @Test
  void columnsMissingFromTheHeaderAreNamedWithTheClosestColumn() {
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"),
        "job.input.features = [tenure, monthly_charges, suport_calls]", "job.input.passthrough = [regoin]");
    assertEquals(2, cli.run("validate", job.toString()), cli.stderr());
    String file = DemoFixture.data().inputDir().resolve("customers-1.csv").toUri().toString();
    assertEquals(List.of(
        "error: job.input.features: 'tenure' is not in the header of " + file + "; did you mean 'tenure_months'?",
        "error: job.input.features: 'suport_calls' is not in the header of " + file + "; did you mean 'support_calls'?",
        "error: job.input.passthrough: 'regoin' is not in the header of " + file + "; did you mean 'region'?"),
        cli.stderr().lines().toList());
  }

  @Test
  void everyProblemOfTheJobFileIsPrintedOnceOnItsOwnLine() {
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"), "job.batching.max-size = 0", "job.workers.partitions-in-flight = 0");
    assertEquals(2, cli.run("validate", job.toString()), cli.stderr());
    assertEquals(List.of(
        "error: job.batching.max-size: 0 is outside 1..65536",
        "error: job.workers.partitions-in-flight: 0 is outside 1..256"), cli.stderr().lines().toList());
    assertFalse(cli.stderr().contains("Exception"), cli.stderr());
    assertTrue(cli.stdout().isEmpty(), cli.stdout());
  }
}
