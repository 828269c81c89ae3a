package io.sluice.engine.run;

import io.sluice.engine.CborSerializable;
import io.sluice.engine.Failures;
import io.sluice.engine.job.AllowedLocations;
import io.sluice.engine.job.JobException;
import io.sluice.engine.job.JobParser;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.job.WriteMode;
import io.sluice.engine.metrics.Metrics;
import io.sluice.engine.services.NodeServices;
import io.sluice.engine.plan.OutputLocation;
import io.sluice.engine.schedule.CronSchedule;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The management actor: submits, lists, shows and cancels runs, and keeps registered jobs,
 * firing them on their schedules. Each run gets its own {@link RunCoordinator} child. Jobs and
 * run history live in a {@link ManagerMemory}, so a manager started after a failover knows
 * what the previous one knew. The CLI and the HTTP API only translate to these messages.
 */
public final class RunManager {

  /** What the run manager understands. */
  public sealed interface Command extends CborSerializable permits SubmitRun, GetRun, ListRuns, CancelRun, RegisterJob,
      ListJobs, UnregisterJob, TriggerJob, RunUpdated, RunRejected, CoordinatorStopped, MemoryLoaded, ScheduleDue,
      RetrySchedule, FireAnswered, JobKept {}

  /** Start a run of the job (HOCON or JSON text); answered once the job is checked and planned. */
  public record SubmitRun(String job, ActorRef<SubmitReply> replyTo) implements Command {}

  /** The answer to {@link SubmitRun} and {@link TriggerJob}. */
  public sealed interface SubmitReply extends CborSerializable permits Accepted, Rejected, Conflict, Queued {}

  /** The run is planned and running. */
  public record Accepted(String runId) implements SubmitReply {}

  /** The request is invalid; the error names the key or the name and the problem. */
  public record Rejected(String error) implements SubmitReply, RegisterReply {}

  /**
   * Refused because a run in flight holds what the request needs: the output location (one run
   * at a time per location), or, for a trigger with {@code overlap = skip}, the job itself;
   * {@code heldBy} is that run's id (empty when another process holds a folder without saying which run).
   */
  public record Conflict(String error, String heldBy) implements SubmitReply {}

  /** A trigger with {@code overlap = queue} while {@code behind}, a run of the job, is in flight: it runs when that one ends. */
  public record Queued(String job, String behind) implements SubmitReply {}

  /** One run's status; {@code status} is null for an unknown run id. */
  public record GetRun(String runId, ActorRef<RunReply> replyTo) implements Command {}

  /** The answer to {@link GetRun}. */
  public record RunReply(RunStatus status) implements CborSerializable {}

  /** Every known run, newest first. */
  public record ListRuns(ActorRef<RunList> replyTo) implements Command {}

  /** The answer to {@link ListRuns}. */
  public record RunList(List<RunStatus> runs) implements CborSerializable {}

  /** Cancel a run; {@code found} is false for an unknown or already ended run. */
  public record CancelRun(String runId, ActorRef<CancelReply> replyTo) implements Command {}

  /** The answer to {@link CancelRun}. */
  public record CancelReply(boolean found) implements CborSerializable {}

  /** Keep a job under its name (replacing one of the same name), to trigger or to run on its schedule. */
  public record RegisterJob(String name, String job, ActorRef<RegisterReply> replyTo) implements Command {}

  /** The answer to {@link RegisterJob}. */
  public sealed interface RegisterReply extends CborSerializable permits JobRegistered, Rejected {}

  /**
   * The job is kept, with its next fire time when it has a schedule.
   *
   * @param warnings what the job will likely do that its author may not expect (e.g. a schedule whose later fires
   *     are refused because the output exists); empty when there is nothing to say
   */
  public record JobRegistered(RegisteredJob job, List<String> warnings) implements RegisterReply {
    public JobRegistered {
      warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
  }

  /** Every registered job, by name. */
  public record ListJobs(ActorRef<JobList> replyTo) implements Command {}

  /** The answer to {@link ListJobs}. */
  public record JobList(List<RegisteredJob> jobs) implements CborSerializable {}

  /** Forget a registered job; {@code found} is false when there was none of that name. */
  public record UnregisterJob(String name, ActorRef<UnregisterReply> replyTo) implements Command {}

  /** The answer to {@link UnregisterJob}. */
  public record UnregisterReply(boolean found) implements CborSerializable {}

  /** Run a registered job now. */
  public record TriggerJob(String name, ActorRef<SubmitReply> replyTo) implements Command {}

  /** A coordinator's latest status of its run. */
  public record RunUpdated(RunStatus status) implements Command {}

  /** A coordinator found its job invalid; the run is forgotten. */
  public record RunRejected(String runId) implements Command {}

  private record CoordinatorStopped(String runId) implements Command {}

  private record MemoryLoaded(ManagerMemory.Snapshot snapshot) implements Command {}

  /** A timer of the job's schedule went off: its fire time has come, or one step of a longer wait is over. */
  private record ScheduleDue(String name) implements Command {}

  /** Work out the job's next fire time again, after scheduling it failed. */
  private record RetrySchedule(String name) implements Command {}

  /**
   * The answer to the submission of one fire: {@code alsoTo} (a trigger's caller, or null) gets {@code reply} too.
   * A run manager asks itself to submit a fire ({@link SubmitRun}), so each answer comes back with its own fire.
   */
  private record FireAnswered(String name, RegisteredJob.Fire fire, SubmitReply reply, ActorRef<SubmitReply> alsoTo)
      implements Command {}

  private record JobKept(RegisteredJob job, List<String> warnings, ActorRef<RegisterReply> replyTo, String failure)
      implements Command {}

  /** A fire waiting for the run of its job in flight to end (overlap = queue). */
  private record QueuedFire(String job, RegisteredJob.Fire fire) {}

  private static final int HISTORY = 200;
  /**
   * The longest single timer step towards a fire time. Pekko timers cannot wait beyond about 248 days, and a
   * schedule may next fire years away ("0 0 29 2 *"): a longer wait is taken in steps, checking the clock after each.
   */
  static final Duration LONGEST_TIMER_STEP = Duration.ofDays(1);
  private static final Duration SCHEDULE_RETRY = Duration.ofHours(1);
  /** How long a fire waits for its run to be planned before its outcome is recorded as unknown (refused). */
  private static final Duration FIRE_ANSWER_TIMEOUT = Duration.ofHours(1);
  private static final int STASH = 10_000;
  private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** A manager whose schedules fire in {@code scheduleZone}'s local time. */
  public static Behavior<Command> create(NodeServices services, ManagerMemory memory, ZoneId scheduleZone) {
    return create(services, memory, Clock.system(scheduleZone));
  }

  /** A manager whose schedules follow {@code clock} (its zone is the schedules' time zone). */
  public static Behavior<Command> create(NodeServices services, ManagerMemory memory, Clock clock) {
    return create(services, memory, clock, LONGEST_TIMER_STEP);
  }

  /** As above, waiting for fire times in steps of at most {@code timerStep} (tests take short steps). */
  static Behavior<Command> create(NodeServices services, ManagerMemory memory, Clock clock, Duration timerStep) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> Behaviors.withStash(STASH, stash ->
        new RunManager(ctx, timers, services, memory, clock, timerStep).loading(stash))));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final NodeServices services;
  private final ManagerMemory memory;
  private final AllowedLocations allowed;
  private final Clock clock;
  private final Duration timerStep;
  private final Metrics metrics;
  private final Map<String, RunStatus> runs = new LinkedHashMap<>();
  private final Map<String, ActorRef<RunCoordinator.Command>> coordinators = new LinkedHashMap<>();
  private final Map<String, RegisteredJob> jobs = new TreeMap<>();
  private final Map<String, Deque<QueuedFire>> queued = new LinkedHashMap<>();
  /** Fires per job submitted to this manager and not yet answered: their runs may not be in {@link #runs} yet. */
  private final Map<String, Integer> firesSubmitting = new HashMap<>();
  /** The last scheduling problem logged per job, so that a problem that persists is logged once. */
  private final Map<String, String> scheduleProblems = new HashMap<>();

  private RunManager(ActorContext<Command> ctx, TimerScheduler<Command> timers, NodeServices services,
      ManagerMemory memory, Clock clock, Duration timerStep) {
    this.ctx = ctx;
    this.timers = timers;
    this.services = services;
    this.memory = memory;
    this.clock = clock;
    this.timerStep = timerStep;
    this.metrics = Metrics.get(ctx.getSystem());
    this.allowed = AllowedLocations.of(ctx.getSystem().settings().config());
  }

  /** Requests wait until the memory of the previous manager is back. */
  private Behavior<Command> loading(StashBuffer<Command> stash) {
    ctx.pipeToSelf(memory.load(), (snapshot, failure) -> {
      if (failure != null) ctx.getLog().warn("starting without the previous manager's jobs and runs: {}", Failures.message(failure));
      return new MemoryLoaded(failure == null ? snapshot : new ManagerMemory.Snapshot(List.of(), List.of()));
    });
    return Behaviors.receive(Command.class)
        .onMessage(MemoryLoaded.class, m -> stash.unstashAll(restore(m.snapshot())))
        .onAnyMessage(m -> { stash.stash(m); return Behaviors.same(); })
        .build();
  }

  /** Runs that were in flight under the previous manager lost their coordinator with it. */
  private Behavior<Command> restore(ManagerMemory.Snapshot snapshot) {
    List<RunStatus> history = new ArrayList<>(snapshot.runs());
    history.sort((a, b) -> a.startedAt().compareTo(b.startedAt()));
    for (RunStatus run : history) {
      RunStatus restored = run.status().isFinal() ? run : run.failed(
          "the coordinator node was lost while the run was in flight; run it again (output.mode = overwrite)", Instant.now());
      runs.put(run.runId(), restored);
      if (restored != run) memory.saveRun(restored);
    }
    for (RegisteredJob job : snapshot.jobs()) {
      try {
        schedule(job.withNextFireTime(null), ZonedDateTime.now(clock));
      } catch (RuntimeException e) {
        ctx.getLog().warn("a registered job kept by the previous manager could not be restored: {}", Failures.message(e));
      }
    }
    ctx.getLog().info("run manager started with {} registered jobs and {} runs", jobs.size(), runs.size());
    return behavior();
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(SubmitRun.class, m -> refusingOnFailure(m.replyTo(), () -> submit(m.job(), m.replyTo())))
        .onMessage(GetRun.class, m -> { m.replyTo().tell(new RunReply(runs.get(m.runId()))); return Behaviors.same(); })
        .onMessage(ListRuns.class, m -> { m.replyTo().tell(new RunList(newestFirst())); return Behaviors.same(); })
        .onMessage(CancelRun.class, this::cancel)
        .onMessage(RegisterJob.class, m -> refusingOnFailure(m.replyTo(), () -> register(m)))
        .onMessage(JobKept.class, this::jobKept)
        .onMessage(ListJobs.class, m -> { m.replyTo().tell(new JobList(List.copyOf(jobs.values()))); return Behaviors.same(); })
        .onMessage(UnregisterJob.class, this::unregister)
        .onMessage(TriggerJob.class, this::trigger)
        .onMessage(ScheduleDue.class, this::scheduleDue)
        .onMessage(RetrySchedule.class, this::retrySchedule)
        .onMessage(FireAnswered.class, this::fireAnswered)
        .onMessage(RunUpdated.class, this::runUpdated)
        .onMessage(RunRejected.class, m -> { runs.remove(m.runId()); memory.forgetRun(m.runId()); return Behaviors.same(); })
        .onMessage(CoordinatorStopped.class, this::coordinatorStopped)
        .build();
  }

  /**
   * A request never stops the manager: an unexpected failure while handling it (a job text that
   * breaks the parser, say) is the request's refusal, and the runs in flight go on.
   */
  private Behavior<Command> refusingOnFailure(ActorRef<? super Rejected> replyTo,
      java.util.function.Supplier<Behavior<Command>> handle) {
    try {
      return handle.get();
    } catch (RuntimeException | StackOverflowError e) {
      String error = e instanceof JobException ? e.getMessage()
          : "job: cannot be read: " + (e.getMessage() == null ? "an unexpected problem reading it" : e.getMessage());
      ctx.getLog().warn("a request was refused after an unexpected failure: {}", error, e);
      replyTo.tell(new Rejected(error));
      return Behaviors.same();
    }
  }

  private Behavior<Command> submit(String text, ActorRef<SubmitReply> replyTo) {
    JobSpec job;
    try {
      job = JobParser.parse(text);
    } catch (JobException e) {
      replyTo.tell(new Rejected(e.getMessage()));
      return Behaviors.same();
    }
    Optional<RunStatus> holder = holderOf(job.output().uri());
    if (holder.isPresent()) {
      String error = OutputLock.inUse(job.output().uri(), "run " + holder.get().runId());
      ctx.getLog().info("a run of job {} refused: {}", job.name(), error);
      replyTo.tell(new Conflict(error, holder.get().runId()));
      return Behaviors.same();
    }
    String runId = job.name() + "-" + RUN_ID_TIME.format(Instant.now()) + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    RunStatus pending = RunStatus.pending(runId, job.name(), job.output().uri().toString(), Instant.now());
    runs.put(runId, pending);
    ActorRef<RunCoordinator.Command> coordinator =
        ctx.spawn(RunCoordinator.create(runId, job, services, ctx.getSelf(), replyTo), "run-" + runId);
    ctx.watchWith(coordinator, new CoordinatorStopped(runId));
    coordinators.put(runId, coordinator);
    forgetOldRuns();
    return Behaviors.same();
  }

  private Behavior<Command> cancel(CancelRun m) {
    ActorRef<RunCoordinator.Command> coordinator = coordinators.get(m.runId());
    if (coordinator != null) coordinator.tell(new RunCoordinator.Cancel());
    m.replyTo().tell(new CancelReply(coordinator != null));
    return Behaviors.same();
  }

  private Behavior<Command> register(RegisterJob m) {
    JobSpec job;
    try {
      job = JobParser.parse(m.job());
      if (!job.name().equals(m.name())) {
        throw new JobException("job.name", "'" + job.name() + "' differs from the name it is registered under, '" + m.name() + "'");
      }
      if (job.schedule() != null && CronSchedule.parse(job.schedule()).next(ZonedDateTime.now(clock)).isEmpty()) {
        throw new JobException("job.schedule", "'" + job.schedule() + "' never fires: none of its months has the day "
            + "of the month it asks for");
      }
    } catch (JobException e) {
      m.replyTo().tell(new Rejected(e.getMessage()));
      return Behaviors.same();
    } catch (IllegalArgumentException e) {
      m.replyTo().tell(new Rejected("job.schedule: " + e.getMessage()));
      return Behaviors.same();
    }
    RegisteredJob earlier = jobs.get(job.name());
    RegisteredJob registered = RegisteredJob.registered(job.name(), job.source(), job.schedule(), job.overlap(), Instant.now())
        .withFires(earlier == null ? List.of() : earlier.fires());
    List<String> warnings = new ArrayList<>();
    if (job.schedule() != null && job.output().mode() == WriteMode.ERROR_IF_EXISTS) {
      warnings.add("job.output.mode = error-if-exists with a schedule: every fire after the first will be refused once "
          + "the first run has written its output; use overwrite or resume for a scheduled job");
    }
    ctx.pipeToSelf(memory.saveJob(registered), (ok, failure) ->
        new JobKept(registered, warnings, m.replyTo(), failure == null ? null : Failures.message(failure)));
    return Behaviors.same();
  }

  private Behavior<Command> jobKept(JobKept m) {
    if (m.failure() != null) {
      m.replyTo().tell(new Rejected("the job could not be stored on a majority of coordinator nodes: " + m.failure()));
      return Behaviors.same();
    }
    RegisteredJob kept = m.job();
    RegisteredJob replaced = jobs.get(kept.name());
    if (replaced != null && !replaced.fires().equals(kept.fires())) {
      // The job it replaces fired while this one was being stored: keep those fires too, stored after them.
      kept = kept.withFires(replaced.fires());
      memory.saveJob(kept);
    }
    scheduleProblems.remove(kept.name());
    RegisteredJob scheduled = schedule(kept, ZonedDateTime.now(clock));
    m.replyTo().tell(new JobRegistered(scheduled, m.warnings()));
    return Behaviors.same();
  }

  /**
   * Keeps the job with its first fire time after {@code after} and starts waiting for it, if it has a schedule. A job
   * whose schedule cannot be worked out is kept without a next fire time and tried again later; the problem is
   * logged once, and no other job is affected.
   */
  private RegisteredJob schedule(RegisteredJob job, ZonedDateTime after) {
    RegisteredJob unscheduled = job.withNextFireTime(null);
    jobs.put(job.name(), unscheduled);
    if (job.schedule() == null) {
      timers.cancel(job.name());
      return unscheduled;
    }
    try {
      Optional<ZonedDateTime> next = CronSchedule.parse(job.schedule()).next(after);
      if (next.isEmpty()) {
        timers.cancel(job.name());
        scheduleProblem(job.name(), "its schedule '" + job.schedule() + "' never fires; it runs only when triggered");
        return unscheduled;
      }
      RegisteredJob scheduled = job.withNextFireTime(next.get().toInstant());
      jobs.put(job.name(), scheduled);
      waitForFireTime(scheduled);
      return scheduled;
    } catch (RuntimeException e) {
      jobs.put(job.name(), unscheduled);
      scheduleProblem(job.name(), "its schedule '" + job.schedule() + "' cannot be set up, trying again in "
          + SCHEDULE_RETRY.toMinutes() + " min: " + Failures.message(e));
      try {
        timers.startSingleTimer(job.name(), new RetrySchedule(job.name()), SCHEDULE_RETRY);
      } catch (RuntimeException again) {
        scheduleProblem(job.name(), "no retry of its schedule could be set up: " + Failures.message(again));
      }
      return unscheduled;
    }
  }

  /** One timer step towards the job's next fire time: the rest of the wait, but never more than a step. */
  private void waitForFireTime(RegisteredJob job) {
    Duration wait = Duration.between(clock.instant(), job.nextFireTime());
    if (wait.isNegative()) wait = Duration.ZERO;
    timers.startSingleTimer(job.name(), new ScheduleDue(job.name()), wait.compareTo(timerStep) > 0 ? timerStep : wait);
  }

  /** Logs a job's scheduling problem, unless it is the problem last logged for that job. */
  private void scheduleProblem(String name, String problem) {
    if (!problem.equals(scheduleProblems.put(name, problem))) ctx.getLog().warn("job {}: {}", name, problem);
  }

  private Behavior<Command> retrySchedule(RetrySchedule m) {
    RegisteredJob job = jobs.get(m.name());
    if (job != null && job.nextFireTime() == null) schedule(job, ZonedDateTime.now(clock));
    return Behaviors.same();
  }

  private Behavior<Command> unregister(UnregisterJob m) {
    RegisteredJob removed = jobs.remove(m.name());
    timers.cancel(m.name());
    queued.remove(m.name());
    scheduleProblems.remove(m.name());
    if (removed != null) memory.removeJob(m.name());
    m.replyTo().tell(new UnregisterReply(removed != null));
    return Behaviors.same();
  }

  private Behavior<Command> trigger(TriggerJob m) {
    RegisteredJob job = jobs.get(m.name());
    if (job == null) {
      m.replyTo().tell(new Rejected("no registered job named '" + m.name() + "'"));
      return Behaviors.same();
    }
    // A trigger follows the job's overlap as a scheduled fire does, and is recorded among its fires.
    Instant now = clock.instant();
    Optional<RunStatus> running = runs.values().stream()
        .filter(r -> r.job().equals(job.name()) && !r.status().isFinal()).findFirst();
    if (running.isEmpty()) {
      submitFire(job.name(), job.job(), new RegisteredJob.Fire(now, RegisteredJob.Cause.TRIGGER,
          RegisteredJob.Outcome.RAN, null, null), m.replyTo());
      return Behaviors.same();
    }
    String runId = running.get().runId();
    if (job.overlap().equals("queue")) {
      RegisteredJob.Fire waiting = new RegisteredJob.Fire(now, RegisteredJob.Cause.TRIGGER, RegisteredJob.Outcome.QUEUED,
          null, "run " + runId + " was in flight (overlap = queue)");
      queued.computeIfAbsent(job.name(), n -> new ArrayDeque<>()).add(new QueuedFire(job.job(), waiting));
      recordFire(job.name(), waiting, true);
      m.replyTo().tell(new Queued(job.name(), runId));
    } else {
      recordFire(job.name(), new RegisteredJob.Fire(now, RegisteredJob.Cause.TRIGGER, RegisteredJob.Outcome.SKIPPED,
          null, "run " + runId + " was in flight (overlap = skip)"), true);
      m.replyTo().tell(new Conflict("job '" + job.name() + "' has a run in flight, " + runId
          + " (overlap = skip); wait for it to end or cancel it", runId));
    }
    return Behaviors.same();
  }

  /** The run in flight that writes to {@code output}, however either names it. */
  private Optional<RunStatus> holderOf(URI output) {
    String key = OutputLocation.key(output);
    return runs.values().stream()
        .filter(r -> !r.status().isFinal() && r.output() != null && OutputLocation.key(URI.create(r.output())).equals(key))
        .findFirst();
  }

  /**
   * A timer of a schedule went off. Before the fire time it was one step of a longer wait (or early against the
   * clock): wait on. Otherwise the schedule fires: run now, or skip or queue behind a run of the same job still in
   * flight. A problem with one job's fire is logged once and recorded on that job; it never stops the manager.
   */
  private Behavior<Command> scheduleDue(ScheduleDue m) {
    RegisteredJob job = jobs.get(m.name());
    if (job == null || job.nextFireTime() == null) return Behaviors.same();
    Instant fireTime = job.nextFireTime();
    try {
      if (clock.instant().isBefore(fireTime)) {
        waitForFireTime(job);
        return Behaviors.same();
      }
      // The next fire time comes after this one, also when the timer went off a little before the clock's minute.
      ZonedDateTime now = ZonedDateTime.now(clock);
      ZonedDateTime fired = fireTime.atZone(clock.getZone());
      job = schedule(job, now.isAfter(fired) ? now : fired);
      fire(job, fireTime);
    } catch (RuntimeException e) {
      scheduleProblem(job.name(), "a fire of its schedule failed: " + Failures.message(e));
      recordFire(job.name(), new RegisteredJob.Fire(fireTime, RegisteredJob.Cause.SCHEDULE, RegisteredJob.Outcome.REFUSED,
          null, Failures.message(e)), true);
    }
    return Behaviors.same();
  }

  private void fire(RegisteredJob job, Instant fireTime) {
    RegisteredJob.Fire fire = new RegisteredJob.Fire(fireTime, RegisteredJob.Cause.SCHEDULE, RegisteredJob.Outcome.RAN, null, null);
    String inFlight = inFlight(job.name());
    if (inFlight == null) {
      submitFire(job.name(), job.job(), fire, null);
    } else if (job.overlap().equals("queue")) {
      RegisteredJob.Fire waiting = new RegisteredJob.Fire(fireTime, RegisteredJob.Cause.SCHEDULE,
          RegisteredJob.Outcome.QUEUED, null, inFlight + " was in flight (overlap = queue)");
      queued.computeIfAbsent(job.name(), n -> new ArrayDeque<>()).add(new QueuedFire(job.job(), waiting));
      ctx.getLog().info("job {}: schedule fired while {} is in flight; queued", job.name(), inFlight);
      recordFire(job.name(), waiting, true);
    } else {
      ctx.getLog().info("job {}: schedule fired while {} is in flight; skipped (overlap = skip)", job.name(), inFlight);
      recordFire(job.name(), new RegisteredJob.Fire(fireTime, RegisteredJob.Cause.SCHEDULE, RegisteredJob.Outcome.SKIPPED,
          null, inFlight + " was in flight (overlap = skip)"), true);
    }
  }

  /**
   * Submits a fire's run as any run is submitted, through {@link SubmitRun}, and records the answer on the job. The
   * manager asks itself so that each answer comes back with its own fire: several may be planning at once.
   */
  private void submitFire(String name, String job, RegisteredJob.Fire fire, ActorRef<SubmitReply> alsoTo) {
    firesSubmitting.merge(name, 1, Integer::sum);
    Optional<String> outside = outsideAllowed(job);
    if (outside.isPresent()) { // registered before the node's sluice.security.allowed-locations changed, say
      ctx.getSelf().tell(new FireAnswered(name, fire, new Rejected(outside.get()), alsoTo));
      return;
    }
    ctx.ask(SubmitReply.class, ctx.getSelf(), FIRE_ANSWER_TIMEOUT, replyTo -> new SubmitRun(job, replyTo),
        (reply, failure) -> new FireAnswered(name, fire, reply != null ? reply : new Rejected("no answer from the run's "
            + "planning within " + FIRE_ANSWER_TIMEOUT.toMinutes() + " min; see the list of runs whether it started"), alsoTo));
  }

  /** A fire's run started or was refused: recorded on the job (a queued fire keeps its outcome and gains the run). */
  private Behavior<Command> fireAnswered(FireAnswered m) {
    firesSubmitting.computeIfPresent(m.name(), (name, count) -> count == 1 ? null : count - 1);
    if (m.alsoTo() != null) m.alsoTo().tell(m.reply());
    RegisteredJob.Fire fire = m.fire();
    boolean wasQueued = fire.outcome() == RegisteredJob.Outcome.QUEUED;
    if (m.reply() instanceof Accepted accepted) {
      fire = wasQueued ? fire.withRunId(accepted.runId()) : new RegisteredJob.Fire(fire.at(), fire.cause(),
          RegisteredJob.Outcome.RAN, accepted.runId(), null);
    } else {
      // Rejected (an invalid job, say) or Conflict (another run holds the output location)
      String error = m.reply() instanceof Conflict conflict ? conflict.error()
          : m.reply() instanceof Rejected rejected ? rejected.error() : "not started: " + m.reply();
      fire = wasQueued ? fire.withReason("refused when its turn came: " + error)
          : new RegisteredJob.Fire(fire.at(), fire.cause(), RegisteredJob.Outcome.REFUSED, null, error);
      ctx.getLog().info("job {}: the {} at {} was refused: {}", m.name(), fire.cause().label(), fire.at(), error);
    }
    recordFire(m.name(), fire, !wasQueued);
    // A refused run never ends, so a fire queued behind this one starts now.
    return m.reply() instanceof Accepted ? Behaviors.same() : startQueued(m.name());
  }

  /**
   * Keeps the fire on its job (replacing an earlier state of it) and stores it with the job, best effort; counts a
   * schedule's fire in the metrics when {@code count}: once per fire, by the outcome it had when it fired.
   */
  private void recordFire(String name, RegisteredJob.Fire fire, boolean count) {
    if (count && fire.cause() == RegisteredJob.Cause.SCHEDULE) metrics.scheduleFired(name, fire.outcome().label());
    RegisteredJob job = jobs.get(name);
    if (job == null) return;
    RegisteredJob recorded = job.withFire(fire);
    jobs.put(name, recorded);
    try {
      memory.saveJob(recorded);
    } catch (RuntimeException e) {
      scheduleProblem(name, "its fires could not be stored: " + Failures.message(e));
    }
  }

  /** A registered job's location outside the node's {@code sluice.security.allowed-locations}, checked when it fires. */
  private Optional<String> outsideAllowed(String text) {
    if (allowed.allowsAny()) return Optional.empty();
    try {
      return allowed.refusal(JobParser.parse(text));
    } catch (RuntimeException | StackOverflowError e) {
      return Optional.empty(); // refused by the submit with its own reasons
    }
  }

  private boolean isRunning(String jobName) {
    return inFlight(jobName) != null;
  }

  /** "run ID" for a run of the job that has not ended, "a run being submitted" for a fire not yet answered, or null. */
  private String inFlight(String jobName) {
    return runs.values().stream().filter(r -> r.job().equals(jobName) && !r.status().isFinal())
        .map(r -> "run " + r.runId()).findFirst()
        .orElse(firesSubmitting.containsKey(jobName) ? "a run being submitted" : null);
  }

  private Behavior<Command> runUpdated(RunUpdated m) {
    RunStatus status = m.status();
    RunStatus previous = runs.put(status.runId(), status);
    if (previous == null || previous.status() != status.status() || status.status().isFinal()) memory.saveRun(status);
    if (status.status().isFinal()) return startQueued(status.job());
    return Behaviors.same();
  }

  private Behavior<Command> startQueued(String jobName) {
    Deque<QueuedFire> waiting = queued.get(jobName);
    if (waiting == null || waiting.isEmpty() || isRunning(jobName)) return Behaviors.same();
    QueuedFire next = waiting.poll();
    if (waiting.isEmpty()) queued.remove(jobName);
    submitFire(jobName, next.job(), next.fire(), null);
    return Behaviors.same();
  }

  /** A coordinator that stopped without a final status crashed: its run failed. */
  private Behavior<Command> coordinatorStopped(CoordinatorStopped m) {
    coordinators.remove(m.runId());
    RunStatus last = runs.get(m.runId());
    if (last != null && !last.status().isFinal()) {
      RunStatus failed = last.failed("the run's coordinator stopped unexpectedly", Instant.now());
      runs.put(m.runId(), failed);
      memory.saveRun(failed);
      return startQueued(last.job());
    }
    return Behaviors.same();
  }

  private List<RunStatus> newestFirst() {
    List<RunStatus> list = new ArrayList<>(runs.values());
    Collections.reverse(list);
    return list;
  }

  private void forgetOldRuns() {
    var it = runs.entrySet().iterator();
    while (runs.size() > HISTORY && it.hasNext()) {
      String runId = it.next().getKey();
      if (!coordinators.containsKey(runId)) {
        it.remove();
        memory.forgetRun(runId);
      }
    }
  }
}
