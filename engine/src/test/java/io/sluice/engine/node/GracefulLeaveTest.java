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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker node that shuts down (CoordinatedShutdown, as on SIGTERM) while it runs partitions
 * loses nothing: they run elsewhere without using a retry, so a job that allows no retries
 * still succeeds. (The node hands them back before it leaves; were that message lost, its
 * leaving the cluster would requeue them all the same.)
 */
class GracefulLeaveTest {
  @TempDir Path dir;

  @Test
  void aLeavingWorkerHandsItsPartitionsBack() throws Exception {
    DemoFixture.data();
    AtomicReference<DelayedStorage> leaving = new AtomicReference<>();
    try (TestCluster cluster = new TestCluster()) {
      var staying = cluster.start("coordinator, worker", s -> DelayedServices.create(s, Duration.ZERO, x -> {}));
      var leaver = cluster.start("worker", s -> DelayedServices.create(s, Duration.ofSeconds(30), leaving::set));
      cluster.awaitUp(2, Duration.ofSeconds(30));
      Thread.sleep(1500);

      var job = JobFiles.load(DemoFixture.jobFile(dir, dir.resolve("out"), "job.input.split-size = 16KiB",
          "job.errors.partition-retries = 0"), List.of());
      RunManager.SubmitReply reply = TestCluster.ask(staying, r -> new RunManager.SubmitRun(job.source(), r), Duration.ofSeconds(30));
      String runId = assertInstanceOf(RunManager.Accepted.class, reply).runId();
      for (int i = 0; i < 100 && leaving.get().partFilesWritten() == 0; i++) Thread.sleep(100);
      assertTrue(leaving.get().partFilesWritten() > 0, "the leaving node holds a partition");

      leaver.terminate();
      RunStatus status = ClusterWorkPullingTest.awaitFinal(staying, runId);
      assertEquals(RunState.SUCCEEDED, status.status(), String.valueOf(status.error()));
      assertTrue(Files.readString(dir.resolve("out/_manifest.json")).contains("\"attempts\" : 2"),
          "the handed-back partitions ran a second time");
    }
  }
}
