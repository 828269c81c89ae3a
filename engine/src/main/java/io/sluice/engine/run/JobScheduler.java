package io.sluice.engine.run;

import io.sluice.engine.Failures;
import io.sluice.engine.job.AllowedLocations;
import io.sluice.engine.job.JobException;
import io.sluice.engine.job.JobParser;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.job.WriteMode;
import io.sluice.engine.metrics.Metrics;
import io.sluice.engine.run.RunManager.Accepted;
import io.sluice.engine.run.RunManager.Conflict;
import io.sluice.engine.run.RunManager.JobList;
import io.sluice.engine.run.RunManager.JobRegistered;
import io.sluice.engine.run.RunManager.ListJobs;
import io.sluice.engine.run.RunManager.Queued;
import io.sluice.engine.run.RunManager.RegisterJob;
import io.sluice.engine.run.RunManager.RegisterReply;
import io.sluice.engine.run.RunManager.Rejected;
import io.sluice.engine.run.RunManager.SubmitReply;
import io.sluice.engine.run.RunManager.SubmitRun;
import io.sluice.engine.run.RunManager.TriggerJob;
import io.sluice.engine.run.RunManager.UnregisterJob;
import io.sluice.engine.run.RunManager.UnregisterReply;
import io.sluice.engine.schedule.CronSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The registered jobs and their schedules: keeps, lists and forgets jobs, fires them on their schedules or when
 * triggered (following their {@code overlap}), and records each fire on its job. It submits a fire's run to the
 * {@link RunManager} as any client does, and learns from it which runs are in flight. A child of the run manager,
 * which hands it the job requests of its protocol; jobs live in the {@link ManagerMemory} with the runs.
 */
final class JobScheduler {

  /** What the scheduler understands: the run manager's job requests, and what the manager tells it of runs. */
  sealed interface Command permits RegisterJob, ListJobs, UnregisterJob, TriggerJob, RunChanged, RunForgotten,
      ScheduleDue, RetrySchedule, FireAnswered, JobKept {}

  /** A run was submitted or changed state (the manager's latest status of it). */
  record RunChanged(RunStatus status) implements Command {}

  /** A run was refused while it was planned, and forgotten. */
  record RunForgotten(String runId) implements Command {}

  /** A timer of the job's schedule went off: its fire time has come, or one step of a longer wait is over. */
  private record ScheduleDue(String name) implements Command {}

  /** Work out the job's next fire time again, after scheduling it failed. */
  private record RetrySchedule(String name) implements Command {}

  /**
   * The answer to the submission of one fire: {@code alsoTo} (a trigger's caller, or null) gets {@code reply} too.
   * Each fire is submitted with its own ask, so each answer comes back with its own fire.
   */
  private record FireAnswered(String name, RegisteredJob.Fire fire, SubmitReply reply, ActorRef<SubmitReply> alsoTo)
      implements Command {}

  private record JobKept(RegisteredJob job, List<String> warnings, ActorRef<RegisterReply> replyTo, String failure)
      implements Command {}

  /** A fire waiting for the run of its job in flight to end (overlap = queue). */
  private record QueuedFire(String job, RegisteredJob.Fire fire) {}

  private static final Duration SCHEDULE_RETRY = Duration.ofHours(1);
  /** How long a fire waits for its run to be planned before its outcome is recorded as unknown (refused). */
  private static final Duration FIRE_ANSWER_TIMEOUT = Duration.ofHours(1);

  /** A scheduler for the jobs the previous manager kept, firing on {@code clock} in steps of at most {@code timerStep}. */
  static Behavior<Command> create(ActorRef<RunManager.Command> manager, ManagerMemory memory, Clock clock,
      Duration timerStep, List<RegisteredJob> kept) {
    return Behaviors.setup(ctx -> {
      // Named outright: spawned by the manager inside a cluster singleton, the logger Pekko finds from the call stack
      // is not under io.sluice, and the node's log then drops every line about schedules.
      ctx.setLoggerName(JobScheduler.class);
      return Behaviors.withTimers(timers -> new JobScheduler(ctx, timers, manager, memory, clock, timerStep).restore(kept));
    });
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final ActorRef<RunManager.Command> manager;
  private final ManagerMemory memory;
  private final AllowedLocations allowed;
  private final Clock clock;
  private final Duration timerStep;
  private final Metrics metrics;
  /** The runs in flight, as the manager last told of them. */
  private final Map<String, RunStatus> runs = new LinkedHashMap<>();
  private final Map<String, RegisteredJob> jobs = new TreeMap<>();
  private final Map<String, Deque<QueuedFire>> queued = new LinkedHashMap<>();
  /** Fires per job submitted to the manager and not yet answered: their runs may not be in {@link #runs} yet. */
  private final Map<String, Integer> firesSubmitting = new HashMap<>();
  /** The last scheduling problem logged per job, so that a problem that persists is logged once. */
  private final Map<String, String> scheduleProblems = new HashMap<>();

  private JobScheduler(ActorContext<Command> ctx, TimerScheduler<Command> timers, ActorRef<RunManager.Command> manager,
      ManagerMemory memory, Clock clock, Duration timerStep) {
    this.ctx = ctx;
    this.timers = timers;
    this.manager = manager;
    this.memory = memory;
    this.clock = clock;
    this.timerStep = timerStep;
    this.metrics = Metrics.get(ctx.getSystem());
    this.allowed = AllowedLocations.of(ctx.getSystem().settings().config());
  }

  private Behavior<Command> restore(List<RegisteredJob> kept) {
    for (RegisteredJob job : kept) {
      try {
        schedule(job.withNextFireTime(null), ZonedDateTime.now(clock));
      } catch (RuntimeException e) {
        ctx.getLog().warn("a registered job kept by the previous manager could not be restored: {}", Failures.message(e));
      }
    }
    return behavior();
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(RegisterJob.class, m -> RunManager.refusingOnFailure(ctx, m.replyTo(), () -> register(m)))
        .onMessage(JobKept.class, this::jobKept)
        .onMessage(ListJobs.class, m -> { m.replyTo().tell(new JobList(List.copyOf(jobs.values()))); return Behaviors.same(); })
        .onMessage(UnregisterJob.class, this::unregister)
        .onMessage(TriggerJob.class, this::trigger)
        .onMessage(ScheduleDue.class, this::scheduleDue)
        .onMessage(RetrySchedule.class, this::retrySchedule)
        .onMessage(FireAnswered.class, this::fireAnswered)
        .onMessage(RunChanged.class, this::runChanged)
        .onMessage(RunForgotten.class, m -> { runs.remove(m.runId()); return Behaviors.same(); })
        .build();
  }

  /** A run of a job that ends lets the next fire queued behind it start. */
  private Behavior<Command> runChanged(RunChanged m) {
    RunStatus status = m.status();
    if (!status.status().isFinal()) {
      runs.put(status.runId(), status);
      return Behaviors.same();
    }
    runs.remove(status.runId());
    return startQueued(status.job());
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
    ctx.ask(SubmitReply.class, manager, FIRE_ANSWER_TIMEOUT, replyTo -> new SubmitRun(job, replyTo),
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

  private Behavior<Command> startQueued(String jobName) {
    Deque<QueuedFire> waiting = queued.get(jobName);
    if (waiting == null || waiting.isEmpty() || isRunning(jobName)) return Behaviors.same();
    QueuedFire next = waiting.poll();
    if (waiting.isEmpty()) queued.remove(jobName);
    submitFire(jobName, next.job(), next.fire(), null);
    return Behaviors.same();
  }

}
