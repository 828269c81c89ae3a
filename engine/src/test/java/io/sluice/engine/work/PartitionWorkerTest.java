package io.sluice.engine.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.job.JobFiles;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.services.NodeServices;
import io.sluice.engine.plan.Partition;
import io.sluice.engine.plan.PreparedRun;
import io.sluice.engine.run.RunCoordinator;
import io.sluice.engine.testing.DemoFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real partition worker, real model and files, with a test probe in the coordinator's place. */
class PartitionWorkerTest {
  private ActorTestKit testKit;
  private NodeServices services;
  @TempDir Path dir;

  @BeforeEach
  void start() {
    testKit = ActorTestKit.create();
    services = NodeServices.create(testKit.system());
  }

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  private PreparedRun prepare(String... extra) {
    JobSpec job = JobFiles.load(DemoFixture.jobFile(dir, dir.resolve("out"), extra), List.of());
    return services.preparation().prepare(job).toCompletableFuture().join();
  }

  @Test
  void pullsAsManyPartitionsAsItHasRoomForAndCommitsThem() throws Exception {
    PreparedRun run = prepare("job.input.split-size = 64KiB", "job.workers.partitions-in-flight = 3");
    TestProbe<RunCoordinator.Command> coordinator = testKit.createTestProbe();
    ActorRef<PartitionWorker.Command> worker = testKit.spawn(PartitionWorker.create(services));
    worker.tell(new PartitionWorker.WorkAvailable("w-1", run.job().source(), run.predictionColumns(), coordinator.ref()));

    List<RunCoordinator.Command> asks = coordinator.receiveSeveralMessages(3, Duration.ofSeconds(30));
    asks.forEach(m -> assertEquals(new RunCoordinator.RequestPartition(worker), m));
    coordinator.expectNoMessage(Duration.ofMillis(300));

    Partition first = run.partitions().get(0);
    worker.tell(new PartitionWorker.Assignment("w-1", first, 1));
    RunCoordinator.PartitionCommitted done = commitOf(coordinator);
    assertEquals(first.index(), done.partition());
    assertEquals(done.stats().recordsIn(), done.stats().recordsOut() + done.stats().badRecords());
    assertTrue(done.stats().recordsOut() > 100);
    Path part = dir.resolve("out/part-00000.csv");
    assertEquals(done.stats().recordsOut() + 1, Files.readAllLines(part).size(), "rows plus the header");
    assertEquals(new RunCoordinator.RequestPartition(worker), coordinator.fishForMessage(Duration.ofSeconds(5),
        m -> m instanceof RunCoordinator.RequestPartition
            ? FishingOutcomes.complete()
            : FishingOutcomes.continueAndIgnore()).get(0),
        "a finished partition makes room for the next");
  }

  @Test
  void aPartitionThatCannotBeReadFailsWithTheReasonAndLeavesNoPartFile() {
    PreparedRun run = prepare();
    TestProbe<RunCoordinator.Command> coordinator = testKit.createTestProbe();
    ActorRef<PartitionWorker.Command> worker = testKit.spawn(PartitionWorker.create(services));
    worker.tell(new PartitionWorker.WorkAvailable("w-2", run.job().source(), run.predictionColumns(), coordinator.ref()));
    coordinator.receiveSeveralMessages(2, Duration.ofSeconds(30));

    Partition real = run.partitions().get(0);
    Partition gone = new Partition(5, dir.resolve("vanished.csv").toUri().toString(), 0, 100, 100, real.header());
    worker.tell(new PartitionWorker.Assignment("w-2", gone, 1));
    RunCoordinator.PartitionFailed failed = coordinator.expectMessageClass(RunCoordinator.PartitionFailed.class, Duration.ofSeconds(10));
    assertEquals(5, failed.partition());
    assertTrue(failed.reason().contains("vanished.csv"), failed.reason());
    assertFalse(Files.exists(dir.resolve("out/part-00005.csv")));
  }

  @Test
  void cancelAbortsRunningPartitions() throws Exception {
    Running running = firstPartitionOfABigInput("w-3", PartitionWorker.create(services));
    TestProbe<RunCoordinator.Command> coordinator = running.coordinator();
    running.worker().tell(new PartitionWorker.CancelRun("w-3"));
    RunCoordinator.Command settled = coordinator.fishForMessage(Duration.ofSeconds(30),
        m -> m instanceof RunCoordinator.PartitionProgress ? FishingOutcomes.continueAndIgnore() : FishingOutcomes.complete()).get(0);
    RunCoordinator.PartitionFailed failed = assertInstanceOf(RunCoordinator.PartitionFailed.class, settled);
    assertTrue(failed.reason().contains("cancelled"), failed.reason());
    assertFalse(Files.exists(dir.resolve("out/part-00000.csv")));
  }

  @Test
  void aCrashFailsTheRunningPartitionsAndTheRestartedWorkerRunsThemAgain() throws Exception {
    Running running = firstPartitionOfABigInput("w-4", PartitionWorker.supervised(services));
    PreparedRun run = running.run();
    TestProbe<RunCoordinator.Command> coordinator = running.coordinator();
    ActorRef<PartitionWorker.Command> worker = running.worker();
    Partition first = run.partitions().get(0);

    // A job text that does not parse throws inside the worker: its supervisor restarts it.
    worker.tell(new PartitionWorker.WorkAvailable("w-broken", "job { input {", List.of(), coordinator.ref()));
    RunCoordinator.Command settled = coordinator.fishForMessage(Duration.ofSeconds(30),
        m -> m instanceof RunCoordinator.PartitionFailed || m instanceof RunCoordinator.PartitionCommitted
            ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore()).get(0);
    RunCoordinator.PartitionFailed failed = assertInstanceOf(RunCoordinator.PartitionFailed.class, settled);
    assertEquals(new RunCoordinator.PartitionFailed(first.index(), 1, "the partition worker restarted"), failed);
    assertFalse(Files.exists(dir.resolve("out/part-00000.csv")), "an aborted attempt commits nothing");

    // The same reference, a fresh worker: it takes the run again and commits the partition as a new attempt.
    worker.tell(new PartitionWorker.WorkAvailable("w-4", run.job().source(), run.predictionColumns(), coordinator.ref()));
    coordinator.fishForMessage(Duration.ofSeconds(30), m -> m instanceof RunCoordinator.RequestPartition
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    worker.tell(new PartitionWorker.Assignment("w-4", first, 2));
    RunCoordinator.PartitionCommitted done = commitOf(coordinator);
    assertEquals(2, done.attempt());
    assertEquals(done.stats().recordsIn(), done.stats().recordsOut() + done.stats().badRecords());
    assertTrue(done.stats().recordsIn() > 100_000, "the whole file, one partition: " + done.stats().recordsIn());
  }

  /** A run over a big input, a worker running its first partition as attempt 1, and the probe in the coordinator's place. */
  private record Running(PreparedRun run, TestProbe<RunCoordinator.Command> coordinator,
      ActorRef<PartitionWorker.Command> worker) {}

  private Running firstPartitionOfABigInput(String runId, Behavior<PartitionWorker.Command> behavior) throws Exception {
    Path big = bigInput(40);
    PreparedRun run = prepare("job.input.uri = \"" + big.toUri() + "\"");
    TestProbe<RunCoordinator.Command> coordinator = testKit.createTestProbe();
    ActorRef<PartitionWorker.Command> worker = testKit.spawn(behavior);
    worker.tell(new PartitionWorker.WorkAvailable(runId, run.job().source(), run.predictionColumns(), coordinator.ref()));
    coordinator.receiveSeveralMessages(2, Duration.ofSeconds(30));
    worker.tell(new PartitionWorker.Assignment(runId, run.partitions().get(0), 1));
    return new Running(run, coordinator, worker);
  }

  /** One file holding the demo's first file {@code copies} times over: big enough to outlast a message. */
  private Path bigInput(int copies) throws Exception {
    List<String> lines = Files.readAllLines(DemoFixture.data().inputDir().resolve("customers-1.csv"));
    Path big = Files.createDirectories(dir.resolve("big")).resolve("big.csv");
    try (var out = Files.newBufferedWriter(big)) {
      out.write(lines.get(0) + "\n");
      for (int i = 0; i < copies; i++) {
        for (String line : lines.subList(1, lines.size())) out.write(line + "\n");
      }
    }
    return big;
  }

  private static RunCoordinator.PartitionCommitted commitOf(TestProbe<RunCoordinator.Command> coordinator) {
    while (true) {
      RunCoordinator.Command m = coordinator.receiveMessage(Duration.ofSeconds(30));
      if (m instanceof RunCoordinator.PartitionFailed f) throw new AssertionError("partition failed: " + f.reason());
      if (m instanceof RunCoordinator.PartitionCommitted c) return c;
    }
  }
}
