package io.sluice.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.job.JobFiles;
import io.sluice.engine.metrics.Metrics;
import io.sluice.engine.services.NodeServices;
import io.sluice.engine.testing.DelayedServices;
import io.sluice.engine.testing.DemoFixture;
import io.sluice.engine.work.PartitionWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
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
class ScheduleIT {
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
    startNode(writeDelay, clockBeforeTheMinuteEnds(), RunManager.LONGEST_TIMER_STEP, ManagerMemory.NONE);
  }

  /** As above, with the manager's clock, longest timer step and memory given. */
  private void startNode(Duration writeDelay, Clock clock, Duration timerStep, ManagerMemory memory) {
    NodeServices services = DelayedServices.create(testKit.system(), writeDelay, store -> {});
    testKit.spawn(PartitionWorker.create(services));
    manager = testKit.spawn(RunManager.create(services, memory, clock, timerStep));
  }

  /** Real time moved to wherever a test sets it: wake-ups of the manager's timers see the moved time. */
  private static final class SettableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    SettableClock(Instant now) {
      setTo(now);
    }

    void setTo(Instant now) {
      offset = Duration.between(Instant.now(), now);
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the schedules' zone is UTC here");
    }
  }

  /** Real time shifted so that it is now 58.5 s past a minute: "* * * * *" fires in about 1.5 s. */
  private static Clock clockBeforeTheMinuteEnds() {
    long millisIntoMinute = Instant.now().toEpochMilli() % 60_000;
    return Clock.offset(Clock.system(ZoneOffset.UTC), Duration.ofMillis((58_500 - millisIntoMinute + 60_000) % 60_000));
  }

  private RegisteredJob register(String overlap) {
    RunManager.JobRegistered registered = assertInstanceOf(RunManager.JobRegistered.class,
        register("job.schedule = \"* * * * *\"", "job.overlap = " + overlap, "job.output.mode = overwrite"));
    assertEquals(List.of(), registered.warnings(), "a schedule writing with overwrite is not warned about");
    return registered.job();
  }

  /** Registers the demo job with the extra lines as "demo-test"; the manager's answer. */
  private RunManager.RegisterReply register(String... extra) {
    var job = JobFiles.load(DemoFixture.jobFile(dir, dir.resolve("out"), extra), List.of());
    TestProbe<RunManager.RegisterReply> reply = testKit.createTestProbe();
    manager.tell(new RunManager.RegisterJob("demo-test", job.source(), reply.ref()));
    return reply.receiveMessage(Duration.ofSeconds(10));
  }

  private List<RegisteredJob> jobs() {
    TestProbe<RunManager.JobList> reply = testKit.createTestProbe();
    manager.tell(new RunManager.ListJobs(reply.ref()));
    return reply.receiveMessage(Duration.ofSeconds(5)).jobs();
  }

  /** The registered job once its fires satisfy {@code until}. */
  private RegisteredJob awaitFires(String name, Predicate<List<RegisteredJob.Fire>> until, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      RegisteredJob job = jobs().stream().filter(j -> j.name().equals(name)).findFirst().orElseThrow();
      if (until.test(job.fires()) || System.nanoTime() > deadline) return job;
      Thread.sleep(100);
    }
  }

  private String metrics() {
    return Metrics.get(testKit.system()).prometheusText();
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
    RegisteredJob fired = awaitFires("demo-test", fires -> fires.size() == 1 && fires.get(0).runId() != null, Duration.ofSeconds(5));
    assertTrue(fired.nextFireTime().isAfter(job.nextFireTime()), "rescheduled");
    assertEquals(new RegisteredJob.Fire(job.nextFireTime(), RegisteredJob.Cause.SCHEDULE, RegisteredJob.Outcome.RAN,
        runs.get(0).runId(), null), fired.lastFire());
    assertTrue(metrics().contains("sluice_schedule_fires_total{job=\"demo-test\",outcome=\"ran\"} 1.0\n"), metrics());
  }

  @Test
  void overlapSkipDropsAFireWhileARunIsInFlight() throws Exception {
    startNode(Duration.ofSeconds(5));
    register("skip");
    TestProbe<RunManager.SubmitReply> triggered = testKit.createTestProbe();
    manager.tell(new RunManager.TriggerJob("demo-test", triggered.ref()));
    assertInstanceOf(RunManager.Accepted.class, triggered.receiveMessage(Duration.ofSeconds(10)));
    // the slow run is still in flight when the schedule fires: awaited, not slept for
    awaitFires("demo-test", fires -> fires.stream().anyMatch(f -> f.cause() == RegisteredJob.Cause.SCHEDULE),
        Duration.ofSeconds(30));
    List<RunStatus> runs = awaitRuns(1, true, Duration.ofSeconds(30));
    assertEquals(1, runs.size(), "the schedule fired during the triggered run and was skipped: " + runs);
    assertEquals(RunState.SUCCEEDED, runs.get(0).status());
    String runId = runs.get(0).runId();
    RegisteredJob job = awaitFires("demo-test", fires -> fires.size() >= 2, Duration.ofSeconds(5));
    RegisteredJob.Fire skipped = job.fires().stream().filter(f -> f.cause() == RegisteredJob.Cause.SCHEDULE).findFirst().orElseThrow();
    assertEquals(RegisteredJob.Outcome.SKIPPED, skipped.outcome(), job.fires().toString());
    assertNull(skipped.runId());
    assertEquals("run " + runId + " was in flight (overlap = skip)", skipped.reason());
    RegisteredJob.Fire byTrigger = job.fires().stream().filter(f -> f.cause() == RegisteredJob.Cause.TRIGGER).findFirst().orElseThrow();
    assertEquals(RegisteredJob.Outcome.RAN, byTrigger.outcome());
    assertEquals(runId, byTrigger.runId());
    assertTrue(metrics().contains("sluice_schedule_fires_total{job=\"demo-test\",outcome=\"skipped\"} 1.0\n"), metrics());
    assertTrue(!metrics().contains("outcome=\"ran\""), "a trigger is not a schedule's fire: " + metrics());
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
    RegisteredJob job = awaitFires("demo-test", fires -> fires.stream().anyMatch(f -> f.outcome() == RegisteredJob.Outcome.QUEUED),
        Duration.ofSeconds(5));
    RegisteredJob.Fire queued = job.fires().stream().filter(f -> f.outcome() == RegisteredJob.Outcome.QUEUED).findFirst().orElseThrow();
    assertEquals(RegisteredJob.Cause.SCHEDULE, queued.cause());
    assertEquals(second.runId(), queued.runId(), "the queued fire gains the run it started: " + job.fires());
    assertEquals("run " + first.runId() + " was in flight (overlap = queue)", queued.reason());
    assertTrue(metrics().contains("sluice_schedule_fires_total{job=\"demo-test\",outcome=\"queued\"} 1.0\n"), metrics());
  }

  @Test
  void aFireYearsAwayIsWaitedForInTimerStepsWhileTheManagerKeepsAnswering() throws Exception {
    // The next Feb 29 is three years away: far beyond the ~248 days a single Pekko timer can wait.
    SettableClock clock = new SettableClock(Instant.parse("2025-03-01T00:00:00Z"));
    startNode(Duration.ZERO, clock, Duration.ofMillis(200), ManagerMemory.NONE);
    RunManager.JobRegistered registered = assertInstanceOf(RunManager.JobRegistered.class,
        register("job.schedule = \"0 0 29 2 *\"", "job.output.mode = overwrite"));
    assertEquals(Instant.parse("2028-02-29T00:00:00Z"), registered.job().nextFireTime());
    Thread.sleep(1000);
    assertEquals(1, jobs().size(), "the manager answers after several timer steps");
    assertEquals(List.of(), runs(), "nothing fired before its time");

    clock.setTo(Instant.parse("2028-02-28T23:59:58.500Z"));
    List<RunStatus> runs = awaitRuns(1, true, Duration.ofSeconds(30));
    assertEquals(1, runs.size(), runs.toString());
    assertEquals(RunState.SUCCEEDED, runs.get(0).status());
    RegisteredJob job = awaitFires("demo-test", fires -> !fires.isEmpty() && fires.get(0).runId() != null, Duration.ofSeconds(5));
    assertEquals(new RegisteredJob.Fire(Instant.parse("2028-02-29T00:00:00Z"), RegisteredJob.Cause.SCHEDULE,
        RegisteredJob.Outcome.RAN, runs.get(0).runId(), null), job.lastFire());
    assertEquals(Instant.parse("2032-02-29T00:00:00Z"), job.nextFireTime());
  }

  @Test
  void aScheduleYearsAwayIsRegisteredWithTheLongestTimerStep() {
    startNode(Duration.ZERO, new SettableClock(Instant.parse("2025-03-01T00:00:00Z")), RunManager.LONGEST_TIMER_STEP,
        ManagerMemory.NONE);
    RunManager.JobRegistered registered = assertInstanceOf(RunManager.JobRegistered.class,
        register("job.schedule = \"0 0 29 2 *\"", "job.output.mode = overwrite"));
    assertEquals(Instant.parse("2028-02-29T00:00:00Z"), registered.job().nextFireTime());
    assertEquals(Instant.parse("2028-02-29T00:00:00Z"), jobs().get(0).nextFireTime());
    assertEquals(List.of(), runs());
  }

  @Test
  void aScheduleThatNeverFiresIsRefused() {
    startNode(Duration.ZERO);
    for (String never : List.of("0 0 30 2 *", "0 0 31 4 *", "0 0 31 2,4,6,9,11 *")) {
      RunManager.Rejected rejected = assertInstanceOf(RunManager.Rejected.class,
          register("job.schedule = \"" + never + "\"", "job.output.mode = overwrite"));
      assertTrue(rejected.error().startsWith("job.schedule: '" + never + "' never fires"), rejected.error());
    }
    assertEquals(List.of(), jobs());
  }

  @Test
  void cronMacrosAreRegistered() {
    startNode(Duration.ZERO);
    RunManager.JobRegistered registered = assertInstanceOf(RunManager.JobRegistered.class,
        register("job.schedule = \"@daily\"", "job.output.mode = overwrite"));
    Instant next = registered.job().nextFireTime();
    assertNotNull(next);
    assertEquals(0, next.getEpochSecond() % 86_400, "midnight UTC: " + next);
  }

  @Test
  void aRefusedFireIsRecordedWithTheReasonAndCounted() throws Exception {
    startNode(Duration.ZERO);
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("part-00000.csv"), "customer_id,p_stay,p_churn\n");
    RunManager.JobRegistered registered = assertInstanceOf(RunManager.JobRegistered.class,
        register("job.schedule = \"* * * * *\"", "job.output.mode = error-if-exists"));
    assertEquals(1, registered.warnings().size());
    assertTrue(registered.warnings().get(0).contains("every fire after the first will be refused"), registered.warnings().toString());

    RegisteredJob job = awaitFires("demo-test", fires -> !fires.isEmpty(), Duration.ofSeconds(30));
    RegisteredJob.Fire fire = job.lastFire();
    assertNotNull(fire, "the schedule fired");
    assertEquals(registered.job().nextFireTime(), fire.at());
    assertEquals(RegisteredJob.Cause.SCHEDULE, fire.cause());
    assertEquals(RegisteredJob.Outcome.REFUSED, fire.outcome());
    assertNull(fire.runId());
    assertTrue(fire.reason().startsWith("job.output.uri: ") && fire.reason().contains("already holds Sluice output (part-00000.csv)"),
        fire.reason());
    assertEquals(List.of(), runs(), "a refused run is not kept");
    assertTrue(metrics().contains("sluice_schedule_fires_total{job=\"demo-test\",outcome=\"refused\"} 1.0\n"), metrics());
  }

  @Test
  void aTriggerRecordsItsFireAndForwardsTheAnswer() throws Exception {
    startNode(Duration.ZERO);
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("_manifest.json"), "{}");
    RunManager.JobRegistered registered = assertInstanceOf(RunManager.JobRegistered.class, register());
    assertEquals(List.of(), registered.warnings(), "no schedule, nothing to warn about");
    TestProbe<RunManager.SubmitReply> triggered = testKit.createTestProbe();
    manager.tell(new RunManager.TriggerJob("demo-test", triggered.ref()));
    RunManager.Rejected rejected = assertInstanceOf(RunManager.Rejected.class, triggered.receiveMessage(Duration.ofSeconds(10)));
    RegisteredJob job = awaitFires("demo-test", fires -> !fires.isEmpty(), Duration.ofSeconds(5));
    assertEquals(RegisteredJob.Cause.TRIGGER, job.lastFire().cause());
    assertEquals(RegisteredJob.Outcome.REFUSED, job.lastFire().outcome());
    assertEquals(rejected.error(), job.lastFire().reason());
    assertTrue(!metrics().contains("sluice_schedule_fires_total{"), "triggers are not counted as schedule fires");
  }

  @Test
  void aJobWhoseScheduleFailsStopsNeitherTheOthersNorTheManager() throws Exception {
    // Jobs as a previous manager might have kept them: one whose schedule no longer parses, one that never fires.
    String text = Files.readString(DemoFixture.jobFile(dir, dir.resolve("out"), "job.output.mode = overwrite"));
    Instant then = Instant.parse("2026-01-01T00:00:00Z");
    List<RegisteredJob> kept = List.of(
        RegisteredJob.registered("broken", text.replace("demo-test", "broken"), "every night", "skip", then),
        RegisteredJob.registered("never", text.replace("demo-test", "never"), "0 0 30 2 *", "skip", then),
        RegisteredJob.registered("demo-test", text, "* * * * *", "skip", then));
    ManagerMemory memory = new ManagerMemory() {
      @Override
      public CompletionStage<Snapshot> load() {
        return CompletableFuture.completedFuture(new Snapshot(kept, List.of()));
      }

      @Override
      public CompletionStage<Void> saveJob(RegisteredJob job) {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<Void> removeJob(String name) {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public void saveRun(RunStatus run) {}

      @Override
      public void forgetRun(String runId) {}
    };
    startNode(Duration.ZERO, clockBeforeTheMinuteEnds(), RunManager.LONGEST_TIMER_STEP, memory);
    List<RegisteredJob> jobs = jobs();
    assertEquals(List.of("broken", "demo-test", "never"), jobs.stream().map(RegisteredJob::name).toList());
    assertNull(jobs.get(0).nextFireTime());
    assertNotNull(jobs.get(1).nextFireTime());
    assertNull(jobs.get(2).nextFireTime());
    List<RunStatus> runs = awaitRuns(1, true, Duration.ofSeconds(30));
    assertEquals(1, runs.size(), runs.toString());
    assertEquals("demo-test", runs.get(0).job());
    assertEquals(RunState.SUCCEEDED, runs.get(0).status());
  }
}
