package io.sluice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.engine.run.RunState;
import io.sluice.engine.run.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The summary's partition counts add up to the total after a cancel or an early stop too. */
class RunSummaryTest {
  private static final Instant START = Instant.parse("2026-11-30T02:00:00Z");

  @Test
  void aCancelledRunCountsItsUnrunPartitionsAsCancelled() {
    assertEquals("  partitions: 10 total, 3 committed, 1 failed, 6 cancelled", partitionsLine(RunState.CANCELLED, 10, 3, 1));
  }

  @Test
  void aRunStoppedEarlySaysHowManyPartitionsDidNotRun() {
    assertEquals("  partitions: 3 total, 1 committed, 0 failed, 2 not run (the run stopped early)",
        partitionsLine(RunState.FAILED, 3, 1, 0));
  }

  @Test
  void aFinishedRunHasNothingLeft() {
    assertEquals("  partitions: 6 total, 6 committed, 0 failed", partitionsLine(RunState.SUCCEEDED, 6, 6, 0));
  }

  private static String partitionsLine(RunState state, int total, int done, int failed) {
    RunStatus status = new RunStatus("r-1", "j", state, new RunStatus.Partitions(total, done, 0, failed),
        new RunStatus.Records(100, 90, 10), START, START.plusSeconds(3), null, "file:///out/", 0, 0);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RunCommand.printSummary(status, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("partitions:")).findFirst().orElseThrow();
  }
}
