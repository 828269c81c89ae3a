package io.sluice.engine.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.job.JobFiles;
import io.sluice.engine.run.RunManager;
import io.sluice.engine.run.RunState;
import io.sluice.engine.run.RunStatus;
import io.sluice.engine.testing.DelayedServices;
import io.sluice.engine.testing.DelayedStorage;
import io.sluice.engine.testing.DemoFixture;
import io.sluice.engine.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import io.sluice.engine.work.PartitionWorker;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker node that shuts down (CoordinatedShutdown, as on SIGTERM) while it runs partitions
 * loses nothing: they run elsewhere without using a retry, so a job that allows no retries
 * still succeeds. (The node hands them back before it leaves; were that message lost, its
 * leaving the cluster would requeue them all the same.)
 */
class GracefulLeaveIT {
  @TempDir Path dir;

  @Test
  void aLeavingWorkerHandsItsPartitionsBack() throws Exception {
    DemoFixture.data();
    AtomicReference<DelayedStorage> leaving = new AtomicReference<>();
    try (TestCluster cluster = new TestCluster()) {
      var staying = cluster.start("coordinator, worker", s -> DelayedServices.create(s, Duration.ZERO, x -> {}));
      var leaver = cluster.start("worker", s -> DelayedServices.create(s, Duration.ofSeconds(30), leaving::set));
      cluster.awaitUp(2, Duration.ofSeconds(30));
      awaitPartitionWorkers(staying, 2);

      var job = JobFiles.load(DemoFixture.jobFile(dir, dir.resolve("out"), "job.input.split-size = 16KiB",
          "job.errors.partition-retries = 0", "job.workers.partitions-in-flight = 1"), List.of());
      RunManager.SubmitReply reply = TestCluster.ask(staying, r -> new RunManager.SubmitRun(job.source(), r), Duration.ofSeconds(30));
      String runId = assertInstanceOf(RunManager.Accepted.class, reply).runId();
      for (int i = 0; i < 100 && leaving.get().partFilesWritten() == 0; i++) Thread.sleep(100);
      assertTrue(leaving.get().partFilesWritten() > 0, "the leaving node holds a partition");

      // Handed back, not lost: the coordinator hears from the leaving worker, and never finds it gone.
      RunStatus status = LoggingTestKit.info("handed back by its worker").expect(staying,
          () -> LoggingTestKit.warn("is gone, partition").withOccurrences(0).expect(staying, () -> {
            leaver.terminate();
            try {
              return ClusterWorkPullingIT.awaitFinal(staying, runId);
            } catch (InterruptedException e) {
              throw new AssertionError("interrupted", e);
            }
          }));
      assertEquals(RunState.SUCCEEDED, status.status(), String.valueOf(status.error()));
      assertTrue(Files.readString(dir.resolve("out/_manifest.json")).contains("\"attempts\" : 2"),
          "the handed-back partitions ran a second time");
    }
  }

  /** Waits until the node's receptionist lists {@code count} partition workers: the run then starts with all. */
  private static void awaitPartitionWorkers(ActorSystem<?> node, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      Receptionist.Listing listing = AskPattern.<Receptionist.Command, Receptionist.Listing>ask(node.receptionist(),
          replyTo -> Receptionist.find(PartitionWorker.KEY, replyTo), Duration.ofSeconds(5), node.scheduler())
          .toCompletableFuture().get();
      seen = listing.getServiceInstances(PartitionWorker.KEY).size();
      if (seen >= count) return;
      Thread.sleep(50);
    }
    throw new AssertionError(seen + " partition workers registered, not " + count);
  }
}
