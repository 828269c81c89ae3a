package io.sluice.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.job.JobFiles;
import io.sluice.engine.node.NodeServices;
import io.sluice.engine.testing.DelayedServices;
import io.sluice.engine.testing.DemoFixture;
import io.sluice.engine.work.PartitionWorker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registered jobs fire on their cron schedules, and a fire while a run of the same job is in
 * flight is skipped or queued. The manager's clock is set just before a minute ends, so an
 * every-minute schedule fires within seconds.
 */
class ScheduleTest {
  @TempDir Path dir;
  private ActorTestKit testKit;
  private ActorRef<RunManager.Command> manager;

  @BeforeEach
  void start() {
    testKit = ActorTestKit.create();
    DemoFixture.data(); // trains the demo model now, not while the shifted clock runs towards its minute
  }

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  /** A manager and a worker whose part files start {@code writeDelay} late, so runs last at least that long. */
  private void startNode(Duration writeDelay) {
    NodeServices services = DelayedServices.create(testKit.system(), writeDelay, store -> {});
    testKit.spawn(PartitionWorker.create(services));
    manager = testKit.spawn(RunManager.create(services, ManagerMemory.NONE, clockBeforeTheMinuteEnds()));
  }

  /** Real time shifted so that it is now 58.5 s past a minute: "* * * * *" fires in about 1.5 s. */
  private static Clock clockBeforeTheMinuteEnds() {
    long millisIntoMinute = Instant.now().toEpochMilli() % 60_000;
    return Clock.offset(Clock.system(ZoneOffset.UTC), Duration.ofMillis((58_500 - millisIntoMinute + 60_000) % 60_000));
  }

  private RegisteredJob register(String overlap) {
    var job = JobFiles.load(DemoFixture.jobFile(dir, dir.resolve("out"), "job.schedule = \"* * * * *\"",
        "job.overlap = " + overlap, "job.output.mode = overwrite"), List.of());
    TestProbe<RunManager.RegisterReply> reply = testKit.createTestProbe();
    manager.tell(new RunManager.RegisterJob("demo-test", job.source(), reply.ref()));
    return assertInstanceOf(RunManager.JobRegistered.class, reply.receiveMessage(Duration.ofSeconds(10))).job();
  }

  private List<RunStatus> runs() {
    TestProbe<RunManager.RunList> reply = testKit.createTestProbe();
    manager.tell(new RunManager.ListRuns(reply.ref()));
    return reply.receiveMessage().runs();
  }

  private List<RunStatus> awaitRuns(int count, boolean allFinal, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    List<RunStatus> runs = runs();
    while (System.nanoTime() < deadline) {
      runs = runs();
      if (runs.size() >= count && (!allFinal || runs.stream().allMatch(r -> r.status().isFinal()))) return runs;
      Thread.sleep(200);
    }
    return runs;
  }

  @Test
  void aRegisteredJobRunsOnItsSchedule() throws Exception {
    startNode(Duration.ZERO);
    RegisteredJob job = register("skip");
    assertNotNull(job.nextFireTime());
    assertTrue(job.nextFireTime().isAfter(Instant.now()), "the next fire time is in the manager's future");
    List<RunStatus> runs = awaitRuns(1, true, Duration.ofSeconds(30));
    assertEquals(1, runs.size());
    assertEquals(RunState.SUCCEEDED, runs.get(0).status());
    TestProbe<RunManager.JobList> jobs = testKit.createTestProbe();
    manager.tell(new RunManager.ListJobs(jobs.ref()));
    assertTrue(jobs.receiveMessage().jobs().get(0).nextFireTime().isAfter(job.nextFireTime()), "rescheduled");
  }

  @Test
  void overlapSkipDropsAFireWhileARunIsInFlight() throws Exception {
    startNode(Duration.ofSeconds(5));
    register("skip");
    TestProbe<RunManager.SubmitReply> triggered = testKit.createTestProbe();
    manager.tell(new RunManager.TriggerJob("demo-test", triggered.ref()));
    assertInstanceOf(RunManager.Accepted.class, triggered.receiveMessage(Duration.ofSeconds(10)));
    Thread.sleep(4000);
    List<RunStatus> runs = awaitRuns(1, true, Duration.ofSeconds(30));
    assertEquals(1, runs.size(), "the schedule fired during the triggered run and was skipped: " + runs);
    assertEquals(RunState.SUCCEEDED, runs.get(0).status());
  }

  @Test
  void overlapQueueRunsTheFireAfterTheRunInFlight() throws Exception {
    startNode(Duration.ofSeconds(5));
    register("queue");
    TestProbe<RunManager.SubmitReply> triggered = testKit.createTestProbe();
    manager.tell(new RunManager.TriggerJob("demo-test", triggered.ref()));
    assertInstanceOf(RunManager.Accepted.class, triggered.receiveMessage(Duration.ofSeconds(10)));
    List<RunStatus> runs = awaitRuns(2, true, Duration.ofSeconds(60));
    assertEquals(2, runs.size(), runs.toString());
    RunStatus first = runs.get(1);
    RunStatus second = runs.get(0);
    assertTrue(!second.startedAt().isBefore(first.finishedAt()), "the queued run started after the first ended");
  }
}
