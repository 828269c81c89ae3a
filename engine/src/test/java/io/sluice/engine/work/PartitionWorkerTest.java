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
import io.sluice.engine.testing.DelayedServices;
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
    TestProbe<PartitionWorker.Report> coordinator = testKit.createTestProbe();
    ActorRef<PartitionWorker.Command> worker = testKit.spawn(PartitionWorker.create(services));
    worker.tell(new PartitionWorker.WorkAvailable("w-1", run.job(), run.predictionColumns(), coordinator.ref()));

    List<PartitionWorker.Report> asks = coordinator.receiveSeveralMessages(3, Duration.ofSeconds(30));
    asks.forEach(m -> assertEquals(new PartitionWorker.RequestPartition(worker), m));
    coordinator.expectNoMessage(Duration.ofMillis(300));

    Partition first = run.partitions().get(0);
    worker.tell(new PartitionWorker.Assignment("w-1", first, 1));
    // Once its rows are through, a partition only commits: its slot goes to the next one before the commit lands.
    assertEquals(new PartitionWorker.RequestPartition(worker), coordinator.fishForMessage(Duration.ofSeconds(30),
        m -> m instanceof PartitionWorker.RequestPartition ? FishingOutcomes.complete()
            : m instanceof PartitionWorker.PartitionProgress ? FishingOutcomes.continueAndIgnore()
            : FishingOutcomes.fail("a report before the partition made room: " + m)).get(0),
        "a partition whose rows are through makes room for the next");
    PartitionWorker.PartitionCommitted done = commitOf(coordinator);
    assertEquals(first.index(), done.partition());
    assertEquals(done.stats().recordsIn(), done.stats().recordsOut() + done.stats().badRecords());
    assertTrue(done.stats().recordsOut() > 100);
    Path part = dir.resolve("out/part-00000.csv");
    assertEquals(done.stats().recordsOut() + 1, Files.readAllLines(part).size(), "rows plus the header");
  }

  @Test
  void aPartitionThatCannotBeReadFailsWithTheReasonAndLeavesNoPartFile() {
    PreparedRun run = prepare();
    TestProbe<PartitionWorker.Report> coordinator = testKit.createTestProbe();
    ActorRef<PartitionWorker.Command> worker = testKit.spawn(PartitionWorker.create(services));
    worker.tell(new PartitionWorker.WorkAvailable("w-2", run.job(), run.predictionColumns(), coordinator.ref()));
    coordinator.receiveSeveralMessages(2, Duration.ofSeconds(30));

    Partition real = run.partitions().get(0);
    Partition gone = new Partition(5, dir.resolve("vanished.csv").toUri().toString(), 0, 100, 100, real.header());
    worker.tell(new PartitionWorker.Assignment("w-2", gone, 1));
    PartitionWorker.PartitionFailed failed = coordinator.expectMessageClass(PartitionWorker.PartitionFailed.class, Duration.ofSeconds(10));
    assertEquals(5, failed.partition());
    assertTrue(failed.reason().contains("vanished.csv"), failed.reason());
    assertFalse(Files.exists(dir.resolve("out/part-00005.csv")));
  }

  @Test
  void cancelAbortsRunningPartitions() throws Exception {
    Running running = firstPartitionOfABigInput("w-3", PartitionWorker.create(services));
    TestProbe<PartitionWorker.Report> coordinator = running.coordinator();
    running.worker().tell(new PartitionWorker.CancelRun("w-3"));
    PartitionWorker.Report settled = coordinator.fishForMessage(Duration.ofSeconds(30),
        m -> m instanceof PartitionWorker.PartitionProgress ? FishingOutcomes.continueAndIgnore() : FishingOutcomes.complete()).get(0);
    PartitionWorker.PartitionFailed failed = assertInstanceOf(PartitionWorker.PartitionFailed.class, settled);
    assertTrue(failed.reason().contains("cancelled"), failed.reason());
    assertFalse(Files.exists(dir.resolve("out/part-00000.csv")));
  }

  @Test
  void aJobTheWorkerCannotUseFailsOnlyThatRunsPartitionsWhileAnotherRunOnTheWorkerCommits() throws Exception {
    Running running = firstPartitionOfABigInput("w-4", PartitionWorker.supervised(services));
    ActorRef<PartitionWorker.Command> worker = running.worker();
    Partition first = running.run().partitions().get(0);

    // A job whose model section this node cannot use: only that run's partitions fail here.
    JobSpec good = running.run().job();
    JobSpec unusable = new JobSpec(good.name(), good.input(), null, good.batching(), good.workers(), good.output(),
        good.errors(), null, good.overlap(), good.source());
    TestProbe<PartitionWorker.Report> hostile = testKit.createTestProbe();
    worker.tell(new PartitionWorker.WorkAvailable("w-unusable", unusable, List.of("p_0"), hostile.ref()));
    hostile.expectMessage(Duration.ofSeconds(10), new PartitionWorker.RequestPartition(worker));
    worker.tell(new PartitionWorker.Assignment("w-unusable", first, 1));
    PartitionWorker.PartitionFailed refused = hostile.expectMessageClass(PartitionWorker.PartitionFailed.class, Duration.ofSeconds(10));
    assertTrue(refused.reason().contains("on this node"), refused.reason());

    // The worker was not restarted: the other run's attempt 1 goes on and commits.
    PartitionWorker.PartitionCommitted done = commitOf(running.coordinator());
    assertEquals(first.index(), done.partition());
    assertEquals(1, done.attempt());
    assertTrue(done.stats().recordsIn() > 100_000, "the whole file, one partition: " + done.stats().recordsIn());
  }

  @Test
  void aRequestForWorkThatGoesUnansweredIsAskedAgain() {
    PreparedRun run = prepare("job.workers.partitions-in-flight = 1", "job.errors.lease-timeout = 900ms");
    TestProbe<PartitionWorker.Report> coordinator = testKit.createTestProbe();
    ActorRef<PartitionWorker.Command> worker = testKit.spawn(PartitionWorker.create(services));
    worker.tell(new PartitionWorker.WorkAvailable("w-5", run.job(), run.predictionColumns(), coordinator.ref()));
    // the first request is lost (never answered); the worker asks again after a third of the lease
    coordinator.expectMessage(Duration.ofSeconds(30), new PartitionWorker.RequestPartition(worker));
    coordinator.expectMessage(Duration.ofSeconds(5), new PartitionWorker.RequestPartition(worker));
  }

  @Test
  void aRunningAttemptSendsHeartbeatsWhileNoRecordFlows() {
    PreparedRun run = prepare("job.workers.partitions-in-flight = 1", "job.errors.lease-timeout = 900ms");
    TestProbe<PartitionWorker.Report> coordinator = testKit.createTestProbe();
    // part files start being written only after a minute: the attempt stalls once its buffers are full
    NodeServices stalling = DelayedServices.create(testKit.system(), Duration.ofMinutes(1), store -> {});
    ActorRef<PartitionWorker.Command> worker = testKit.spawn(PartitionWorker.create(stalling));
    worker.tell(new PartitionWorker.WorkAvailable("w-6", run.job(), run.predictionColumns(), coordinator.ref()));
    coordinator.expectMessageClass(PartitionWorker.RequestPartition.class, Duration.ofSeconds(30));
    worker.tell(new PartitionWorker.Assignment("w-6", run.partitions().get(0), 1));
    // the same count three times in a row: no record flowed between them, yet the lease was renewed
    long last = -1;
    int same = 0;
    while (same < 3) {
      PartitionWorker.Report m = coordinator.receiveMessage(Duration.ofSeconds(5));
      PartitionWorker.PartitionProgress beat = assertInstanceOf(PartitionWorker.PartitionProgress.class, m);
      assertEquals(1, beat.attempt());
      same = beat.recordsRead() == last ? same + 1 : 0;
      last = beat.recordsRead();
    }
    worker.tell(new PartitionWorker.CancelRun("w-6"));
  }

  /** A run over a big input, a worker running its first partition as attempt 1, and the probe in the coordinator's place. */
  private record Running(PreparedRun run, TestProbe<PartitionWorker.Report> coordinator,
      ActorRef<PartitionWorker.Command> worker) {}

  private Running firstPartitionOfABigInput(String runId, Behavior<PartitionWorker.Command> behavior) throws Exception {
    Path big = bigInput(40);
    PreparedRun run = prepare("job.input.uri = \"" + big.toUri() + "\"");
    TestProbe<PartitionWorker.Report> coordinator = testKit.createTestProbe();
    ActorRef<PartitionWorker.Command> worker = testKit.spawn(behavior);
    worker.tell(new PartitionWorker.WorkAvailable(runId, run.job(), run.predictionColumns(), coordinator.ref()));
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

  private static PartitionWorker.PartitionCommitted commitOf(TestProbe<PartitionWorker.Report> coordinator) {
    while (true) {
      PartitionWorker.Report m = coordinator.receiveMessage(Duration.ofSeconds(30));
      if (m instanceof PartitionWorker.PartitionFailed f) throw new AssertionError("partition failed: " + f.reason());
      if (m instanceof PartitionWorker.PartitionCommitted c) return c;
    }
  }
}
