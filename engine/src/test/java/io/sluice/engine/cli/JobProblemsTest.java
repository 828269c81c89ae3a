package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.testing.DemoFixture;
import java.nio.file.Files;
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

  /**
   * A folder of many files has its headers read several at once; what is reported is still the first file in input
   * order with a problem, and a header longer than the first bytes read is read whole.
   */
  @Test
  void inAFolderOfManyFilesTheFirstFileWithABadHeaderIsTheOneNamed() throws Exception {
    List<String> demo = Files.readAllLines(DemoFixture.data().inputDir().resolve("customers-1.csv"));
    String header = demo.get(0);
    Path folder = Files.createDirectories(dir.resolve("many"));
    for (int i = 0; i < 300; i++) {
      String names = i == 40 ? header + ",\"" + "long name ".repeat(8000) + "\"" : header;
      Files.write(folder.resolve(String.format("part-%03d.csv", i)), List.of(names, demo.get(1), demo.get(2)));
    }
    Path renamed = folder.resolve("part-150.csv");
    Path malformed = folder.resolve("part-200.csv");
    Files.write(renamed, List.of(header.replace("region", "area"), demo.get(1)));
    Files.write(malformed, List.of(header + ",\"unterminated", demo.get(1)));
    Path job = DemoFixture.jobFile(dir, dir.resolve("out"), "job.input.uri = \"" + folder.toUri() + "\"");

    assertEquals(2, cli.run("validate", job.toString()), cli.stderr());
    assertEquals(List.of("error: job.input.passthrough: 'region' is not in the header of " + renamed.toUri()
        + " (its columns: " + header.replace("region", "area").replace(",", ", ") + ")"), cli.stderr().lines().toList());

    Files.write(renamed, List.of(header, demo.get(1)));
    assertEquals(2, cli.run("validate", job.toString()), cli.stderr());
    assertEquals(List.of("error: " + malformed.toUri() + ": header: unterminated quoted field (field "
        + (header.split(",").length + 1) + ")"),
        cli.stderr().lines().toList());

    Files.write(malformed, List.of(header, demo.get(1)));
    assertEquals(0, cli.run("validate", job.toString()), cli.stderr());
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
