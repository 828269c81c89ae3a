package io.sluice.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.job.JobFiles;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.services.NodeServices;
import io.sluice.engine.testing.DemoFixture;
import io.sluice.engine.plan.PartitionStats;
import io.sluice.engine.work.PartitionWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator's protocol with partition workers, played by test probes. */
class RunCoordinatorTest {
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

  private record Started(ActorRef<RunCoordinator.Command> coordinator, TestProbe<RunManager.Command> manager) {}

  private Started start(JobSpec job, String runId) {
    TestProbe<RunManager.Command> manager = testKit.createTestProbe();
    TestProbe<RunManager.SubmitReply> submitter = testKit.createTestProbe();
    ActorRef<RunCoordinator.Command> coordinator = testKit.spawn(RunCoordinator.create(runId, job, services, manager.ref(), submitter.ref()));
    assertEquals(new RunManager.Accepted(runId), submitter.expectMessageClass(RunManager.Accepted.class, Duration.ofSeconds(30)));
    return new Started(coordinator, manager);
  }

  private TestProbe<PartitionWorker.Command> worker() {
    TestProbe<PartitionWorker.Command> probe = testKit.createTestProbe();
    testKit.system().receptionist().tell(Receptionist.register(PartitionWorker.KEY, probe.ref()));
    return probe;
  }

  private JobSpec job(String... extra) {
    return JobFiles.load(DemoFixture.jobFile(dir, dir.resolve("out"), extra), List.of());
  }

  private static PartitionWorker.Assignment request(ActorRef<PartitionWorker.Report> coordinator, TestProbe<PartitionWorker.Command> worker) {
    return assertInstanceOf(PartitionWorker.Assignment.class, reply(coordinator, worker));
  }

  /** The answer to a request; announcements of work that arrive meanwhile are skipped. */
  private static PartitionWorker.Command reply(ActorRef<PartitionWorker.Report> coordinator, TestProbe<PartitionWorker.Command> worker) {
    coordinator.tell(new PartitionWorker.RequestPartition(worker.ref()));
    return worker.fishForMessage(Duration.ofSeconds(5), m -> m instanceof PartitionWorker.WorkAvailable
        ? FishingOutcomes.continueAndIgnore() : FishingOutcomes.complete()).get(0);
  }

  private static PartitionStats stats() {
    return new PartitionStats(10, 10, 0, "part", "00", 1);
  }

  @Test
  void handsOutOnRequestInInputOrderRetriesFailuresAndReassignsWhatADeadWorkerHeld() throws Exception {
    TestProbe<PartitionWorker.Command> steady = worker();
    TestProbe<PartitionWorker.Command> doomed = worker();
    Started run = start(job("job.input.split-size = 64KiB"), "coord-1");
    ActorRef<PartitionWorker.Report> to = steady.expectMessageClass(PartitionWorker.WorkAvailable.class).coordinator();
    doomed.expectMessageClass(PartitionWorker.WorkAvailable.class);

    PartitionWorker.Assignment first = request(to, steady);
    PartitionWorker.Assignment second = request(to, doomed);
    assertEquals(0, first.partition().index());
    assertEquals(1, second.partition().index());
    assertEquals(1, first.attempt());

    to.tell(new PartitionWorker.PartitionFailed(0, 1, "disk on fire"));
    steady.fishForMessage(Duration.ofSeconds(5), m -> m instanceof PartitionWorker.WorkAvailable
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    PartitionWorker.Assignment retry = request(to, steady);
    assertEquals(0, retry.partition().index());
    assertEquals(2, retry.attempt());

    doomed.stop();
    PartitionWorker.Assignment reassigned = null;
    for (int i = 0; i < 100 && reassigned == null; i++) {
      PartitionWorker.Command answer = reply(to, steady);
      if (answer instanceof PartitionWorker.NoPartitionLeft) {
        Thread.sleep(50); // the coordinator has not yet seen the worker die; it will announce the work again
        continue;
      }
      PartitionWorker.Assignment next = assertInstanceOf(PartitionWorker.Assignment.class, answer);
      if (next.partition().index() == 1) reassigned = next;
      else to.tell(new PartitionWorker.PartitionCommitted(next.partition().index(), next.attempt(), stats()));
    }
    assertNotNull(reassigned, "the dead worker's partition is handed out again");
    assertEquals(2, reassigned.attempt(), "the dead worker's partition is handed out again as a new attempt");

    to.tell(new PartitionWorker.PartitionCommitted(1, 1, stats()));
    to.tell(new PartitionWorker.PartitionCommitted(0, 2, stats()));
    to.tell(new PartitionWorker.PartitionCommitted(1, 2, stats()));
    Set<Integer> handedOut = new HashSet<>();
    while (true) {
      PartitionWorker.Command reply = reply(to, steady);
      if (reply instanceof PartitionWorker.NoPartitionLeft) break;
      PartitionWorker.Assignment a = assertInstanceOf(PartitionWorker.Assignment.class, reply);
      assertTrue(handedOut.add(a.partition().index()), "handed out once: " + a.partition().index());
      to.tell(new PartitionWorker.PartitionCommitted(a.partition().index(), a.attempt(), stats()));
    }

    RunStatus last = finalStatus(run.manager());
    assertEquals(RunState.SUCCEEDED, last.status());
    assertEquals(last.partitions().total(), last.partitions().done());
    String manifest = Files.readString(dir.resolve("out/_manifest.json"));
    assertTrue(manifest.contains("\"attempts\" : 2"), manifest);
    assertTrue(Files.exists(dir.resolve("out/_SUCCESS")));
    steady.expectMessageClass(PartitionWorker.RunEnded.class);
  }

  @Test
  void aLateResultFromAnEarlierAttemptChangesNothing() {
    TestProbe<PartitionWorker.Command> w = worker();
    Started run = start(job("job.input.split-size = 64MiB"), "coord-2");
    ActorRef<PartitionWorker.Report> to = w.expectMessageClass(PartitionWorker.WorkAvailable.class).coordinator();
    PartitionWorker.Assignment a = request(to, w);
    to.tell(new PartitionWorker.PartitionFailed(a.partition().index(), 1, "flaky"));
    to.tell(new PartitionWorker.PartitionCommitted(a.partition().index(), 1, stats()));
    RunStatus status = latest(run.manager());
    assertEquals(0, status.partitions().done(), "a result for a failed attempt is stale");
  }

  @Test
  void aPartitionOutOfRetriesFailsTheRunAndCancelsTheRest() {
    TestProbe<PartitionWorker.Command> w = worker();
    Started run = start(job("job.input.split-size = 64KiB", "job.errors.partition-retries = 0"), "coord-3");
    ActorRef<PartitionWorker.Report> to = w.expectMessageClass(PartitionWorker.WorkAvailable.class).coordinator();
    PartitionWorker.Assignment doomed = request(to, w);
    PartitionWorker.Assignment running = request(to, w);
    to.tell(new PartitionWorker.PartitionFailed(doomed.partition().index(), 1, "corrupt"));
    assertEquals(new PartitionWorker.CancelRun("coord-3"), w.expectMessageClass(PartitionWorker.CancelRun.class));
    to.tell(new PartitionWorker.PartitionFailed(running.partition().index(), 1, "run cancelled"));
    RunStatus last = finalStatus(run.manager());
    assertEquals(RunState.FAILED, last.status());
    assertTrue(last.error().contains("corrupt") && last.error().contains("after 1 attempts"), last.error());
  }

  @Test
  void cancelEndsTheRunAsCancelled() {
    TestProbe<PartitionWorker.Command> w = worker();
    Started run = start(job(), "coord-4");
    ActorRef<PartitionWorker.Report> to = w.expectMessageClass(PartitionWorker.WorkAvailable.class).coordinator();
    PartitionWorker.Assignment a = request(to, w);
    run.coordinator().tell(new RunCoordinator.Cancel());
    w.expectMessageClass(PartitionWorker.CancelRun.class);
    to.tell(new PartitionWorker.PartitionFailed(a.partition().index(), a.attempt(), "run cancelled"));
    assertEquals(RunState.CANCELLED, finalStatus(run.manager()).status());
  }

  @Test
  void anAttemptNotHeardFromWithinItsLeaseIsHandedOutAgainAndItsLateResultIsIgnored() {
    TestProbe<PartitionWorker.Command> w = worker();
    Started run = start(job("job.input.split-size = 64MiB", "job.errors.lease-timeout = 3s", "job.errors.retry-backoff = 10ms"),
        "coord-5");
    ActorRef<PartitionWorker.Report> to = w.expectMessageClass(PartitionWorker.WorkAvailable.class).coordinator();
    PartitionWorker.Assignment lost = request(to, w);
    // nothing is heard of the attempt: once its lease lapses, the work is announced again
    w.fishForMessage(Duration.ofSeconds(10), m -> m instanceof PartitionWorker.WorkAvailable
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    PartitionWorker.Assignment again = request(to, w);
    assertEquals(lost.partition().index(), again.partition().index());
    assertEquals(2, again.attempt());
    to.tell(new PartitionWorker.PartitionCommitted(lost.partition().index(), 1, stats()));
    assertEquals(0, latest(run.manager()).partitions().done(), "the lapsed attempt's late result is stale");
    to.tell(new PartitionWorker.PartitionCommitted(again.partition().index(), 2, stats()));
    assertEquals(1, latest(run.manager()).partitions().done());
  }

  private static RunStatus finalStatus(TestProbe<RunManager.Command> manager) {
    while (true) {
      RunManager.Command m = manager.receiveMessage(Duration.ofSeconds(10));
      if (m instanceof RunManager.RunUpdated u && u.status().status().isFinal()) return u.status();
    }
  }

  /** The last status published once the coordinator has had time for a few publish ticks. */
  private static RunStatus latest(TestProbe<RunManager.Command> manager) {
    RunStatus last = null;
    long deadline = System.currentTimeMillis() + 1000;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (manager.receiveMessage(Duration.ofMillis(300)) instanceof RunManager.RunUpdated u) last = u.status();
      } catch (AssertionError quiet) {
        // no update within the interval: what we have is the latest
      }
    }
    assertNotNull(last, "the coordinator published no status within a second");
    return last;
  }
}
