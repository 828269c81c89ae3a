package io.sluice.engine.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.job.JobFiles;
import io.sluice.engine.run.RegisteredJob;
import io.sluice.engine.run.RunManager;
import io.sluice.engine.run.RunState;
import io.sluice.engine.run.RunStatus;
import io.sluice.engine.testing.DelayedServices;
import io.sluice.engine.testing.DemoFixture;
import io.sluice.engine.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the node that hosts the run manager goes, the manager starts on another coordinator
 * node with the registered jobs and the run history; a run that was in flight there is
 * marked failed.
 */
class CoordinatorFailoverIT {
  @TempDir Path dir;

  @Test
  void theNextManagerKeepsRegisteredJobsAndRunHistory() throws Exception {
    DemoFixture.data();
    try (TestCluster cluster = new TestCluster()) {
      var first = cluster.start("coordinator, worker", s -> DelayedServices.create(s, Duration.ofSeconds(4), x -> {}));
      var second = cluster.start("coordinator, worker", s -> DelayedServices.create(s, Duration.ofSeconds(4), x -> {}));
      cluster.awaitUp(2, Duration.ofSeconds(30));

      var job = JobFiles.load(DemoFixture.jobFile(dir, dir.resolve("out"), "job.schedule = \"0 2 * * *\""), List.of());
      RunManager.RegisterReply registered = TestCluster.ask(second,
          r -> new RunManager.RegisterJob("demo-test", job.source(), r), Duration.ofSeconds(15));
      assertInstanceOf(RunManager.JobRegistered.class, registered);

      RunManager.SubmitReply submitted = TestCluster.ask(second, r -> new RunManager.TriggerJob("demo-test", r), Duration.ofSeconds(30));
      String runId = assertInstanceOf(RunManager.Accepted.class, submitted).runId();
      Thread.sleep(3000); // the run's RUNNING status spreads by gossip (every 2 s) before its node goes

      first.terminate();
      first.getWhenTerminated().toCompletableFuture().join();

      RunManager.JobList jobs = awaitManager(second);
      assertEquals(1, jobs.jobs().size());
      assertEquals("demo-test", jobs.jobs().get(0).name());
      assertEquals("0 2 * * *", jobs.jobs().get(0).schedule());
      assertNotNull(jobs.jobs().get(0).nextFireTime(), "the schedule is set again");
      RegisteredJob.Fire fire = jobs.jobs().get(0).lastFire();
      assertNotNull(fire, "the trigger's fire is kept with the job");
      assertEquals(RegisteredJob.Cause.TRIGGER, fire.cause());
      assertEquals(RegisteredJob.Outcome.RAN, fire.outcome());
      assertEquals(runId, fire.runId());

      RunManager.RunReply run = TestCluster.ask(second, r -> new RunManager.GetRun(runId, r), Duration.ofSeconds(10));
      RunStatus status = Optional.ofNullable(run.status()).orElseThrow(() -> new AssertionError("run history lost"));
      assertEquals(RunState.FAILED, status.status());
      assertTrue(status.error().contains("coordinator node was lost"), status.error());
    }
  }

  /** The singleton takes a few seconds to move; asks until the new manager answers. */
  private static RunManager.JobList awaitManager(org.apache.pekko.actor.typed.ActorSystem<SluiceNode.Command> node)
      throws InterruptedException {
    for (int i = 0; i < 60; i++) {
      try {
        return TestCluster.ask(node, RunManager.ListJobs::new, Duration.ofSeconds(2));
      } catch (RuntimeException notYet) {
        Thread.sleep(500);
      }
    }
    throw new AssertionError("no run manager after failover");
  }
}
