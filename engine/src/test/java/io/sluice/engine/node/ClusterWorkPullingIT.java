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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three nodes in one cluster pull partitions as they have room: the slow node ends up with fewer. */
class ClusterWorkPullingIT {
  @TempDir Path dir;

  @Test
  void aSlowNodeTakesFewerPartitions() throws Exception {
    DemoFixture.data();
    AtomicReference<DelayedStorage> fastA = new AtomicReference<>();
    AtomicReference<DelayedStorage> slowB = new AtomicReference<>();
    AtomicReference<DelayedStorage> fastC = new AtomicReference<>();
    try (TestCluster cluster = new TestCluster()) {
      var a = cluster.start("coordinator, worker", s -> DelayedServices.create(s, Duration.ZERO, fastA::set));
      cluster.start("worker", s -> DelayedServices.create(s, Duration.ofMillis(1500), slowB::set));
      cluster.start("worker", s -> DelayedServices.create(s, Duration.ZERO, fastC::set));
      cluster.awaitUp(3, Duration.ofSeconds(30));
      Thread.sleep(1500); // let the receptionist's registrations reach the coordinator's node

      var job = JobFiles.load(DemoFixture.jobFile(dir, dir.resolve("out"), "job.input.split-size = 8KiB"), List.of());
      RunManager.SubmitReply reply = TestCluster.ask(a, r -> new RunManager.SubmitRun(job.source(), r), Duration.ofSeconds(30));
      String runId = assertInstanceOf(RunManager.Accepted.class, reply).runId();
      RunStatus status = awaitFinal(a, runId);

      assertEquals(RunState.SUCCEEDED, status.status(), String.valueOf(status.error()));
      int total = status.partitions().total();
      int a1 = fastA.get().partFilesWritten(), b1 = slowB.get().partFilesWritten(), c1 = fastC.get().partFilesWritten();
      assertTrue(total >= 30, "partitions: " + total);
      assertEquals(total, a1 + b1 + c1, "each partition ran once");
      assertTrue(b1 < a1 && b1 < c1, "slow node took " + b1 + ", fast nodes " + a1 + " and " + c1);
      assertTrue(c1 > 0, "a worker-only node took part");
    }
  }

  static RunStatus awaitFinal(org.apache.pekko.actor.typed.ActorSystem<SluiceNode.Command> node, String runId)
      throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      RunManager.RunReply reply = TestCluster.ask(node, r -> new RunManager.GetRun(runId, r), Duration.ofSeconds(5));
      if (reply.status() != null && reply.status().status().isFinal()) return reply.status();
      Thread.sleep(200);
    }
    throw new AssertionError("run " + runId + " did not end");
  }
}
