package io.sluice.engine.run;

import io.sluice.engine.CborSerializable;
import io.sluice.engine.Failures;
import io.sluice.engine.job.JobException;
import io.sluice.engine.job.JobParser;
import io.sluice.engine.job.JobSpec;
import io.sluice.engine.services.NodeServices;
import io.sluice.engine.plan.OutputLocation;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The management actor, and the one address of the CLI and the HTTP API: the registry of runs
 * (submits, lists, shows and cancels them; each run gets its own {@link RunCoordinator} child),
 * handing the registered jobs' requests to its {@link JobScheduler} child, which keeps the jobs
 * and fires them on their schedules. Jobs and
 * run history live in a {@link ManagerMemory}, so a manager started after a failover knows
 * what the previous one knew. The CLI and the HTTP API only translate to these messages.
 */
public final class RunManager {

  /** What the run manager understands. */
  public sealed interface Command extends CborSerializable permits SubmitRun, GetRun, ListRuns, CancelRun, RegisterJob,
      ListJobs, UnregisterJob, TriggerJob, RunUpdated, RunRejected, CoordinatorStopped, MemoryLoaded, GetRunDetail,
      RunDetailKept, DetailAnswered {}

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

  /**
   * One run's detail for the console (partitions, throughput, bad records; the manifest when {@code withManifest}):
   * answered by the run's coordinator while it lives, from the kept detail after; null for an unknown run id.
   */
  public record GetRunDetail(String runId, boolean withManifest, ActorRef<RunDetailReply> replyTo) implements Command {}

  /** The answer to {@link GetRunDetail}; {@code detail} is null for an unknown run id. */
  public record RunDetailReply(RunDetail detail) implements CborSerializable {}

  /** A coordinator's last detail of its run, sent as the run ends. */
  public record RunDetailKept(RunDetail detail) implements Command {}

  /** Every known run, newest first. */
  public record ListRuns(ActorRef<RunList> replyTo) implements Command {}

  /** The answer to {@link ListRuns}. */
  public record RunList(List<RunStatus> runs) implements CborSerializable {}

  /** Cancel a run; {@code found} is false for an unknown or already ended run. */
  public record CancelRun(String runId, ActorRef<CancelReply> replyTo) implements Command {}

  /** The answer to {@link CancelRun}. */
  public record CancelReply(boolean found) implements CborSerializable {}

  /** Keep a job under its name (replacing one of the same name), to trigger or to run on its schedule. */
  public record RegisterJob(String name, String job, ActorRef<RegisterReply> replyTo) implements Command, JobScheduler.Command {}

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
  public record ListJobs(ActorRef<JobList> replyTo) implements Command, JobScheduler.Command {}

  /** The answer to {@link ListJobs}. */
  public record JobList(List<RegisteredJob> jobs) implements CborSerializable {}

  /** Forget a registered job; {@code found} is false when there was none of that name. */
  public record UnregisterJob(String name, ActorRef<UnregisterReply> replyTo) implements Command, JobScheduler.Command {}

  /** The answer to {@link UnregisterJob}. */
  public record UnregisterReply(boolean found) implements CborSerializable {}

  /** Run a registered job now. */
  public record TriggerJob(String name, ActorRef<SubmitReply> replyTo) implements Command, JobScheduler.Command {}

  /** A coordinator's latest status of its run. */
  public record RunUpdated(RunStatus status) implements Command {}

  /** A coordinator found its job invalid; the run is forgotten. */
  public record RunRejected(String runId) implements Command {}

  private record CoordinatorStopped(String runId) implements Command {}

  /** A coordinator's detail of its run, to pass on to whoever asked. */
  private record DetailAnswered(RunDetail detail, ActorRef<RunDetailReply> replyTo) implements Command {}

  private record MemoryLoaded(ManagerMemory.Snapshot snapshot) implements Command {}

  private static final int HISTORY = 200;
  /** How many ended runs keep their detail (partitions, throughput, bad records, manifest) for the console. */
  static final int DETAILS_KEPT = 20;
  /** A coordinator reads a detail's bad records from the output store: it may take a moment. */
  private static final Duration DETAIL_TIMEOUT = Duration.ofSeconds(4);
  /**
   * The longest single timer step towards a fire time. Pekko timers cannot wait beyond about 248 days, and a
   * schedule may next fire years away ("0 0 29 2 *"): a longer wait is taken in steps, checking the clock after each.
   */
  static final Duration LONGEST_TIMER_STEP = Duration.ofDays(1);
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
  private final Clock clock;
  private final Duration timerStep;
  private final Map<String, RunStatus> runs = new LinkedHashMap<>();
  private final Map<String, ActorRef<RunCoordinator.Command>> coordinators = new LinkedHashMap<>();
  /** The details of the last ended runs, oldest first; not replicated: a new manager starts without them. */
  private final Map<String, RunDetail> endedDetails = new LinkedHashMap<>();
  /** The registered jobs' scheduler, started once the memory is back. */
  private ActorRef<JobScheduler.Command> scheduler;

  private RunManager(ActorContext<Command> ctx, TimerScheduler<Command> timers, NodeServices services,
      ManagerMemory memory, Clock clock, Duration timerStep) {
    this.ctx = ctx;
    this.timers = timers;
    this.services = services;
    this.memory = memory;
    this.clock = clock;
    this.timerStep = timerStep;
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
    scheduler = ctx.spawn(JobScheduler.create(ctx.getSelf(), memory, clock, timerStep, snapshot.jobs()), "job-scheduler");
    ctx.getLog().info("run manager started with {} registered jobs and {} runs", snapshot.jobs().size(), runs.size());
    return behavior();
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(SubmitRun.class, m -> refusingOnFailure(ctx, m.replyTo(), () -> submit(m.job(), m.replyTo())))
        .onMessage(GetRun.class, m -> { m.replyTo().tell(new RunReply(runs.get(m.runId()))); return Behaviors.same(); })
        .onMessage(ListRuns.class, m -> { m.replyTo().tell(new RunList(newestFirst())); return Behaviors.same(); })
        .onMessage(CancelRun.class, this::cancel)
        .onMessage(GetRunDetail.class, this::runDetail)
        .onMessage(RunDetailKept.class, this::detailKept)
        .onMessage(RegisterJob.class, this::toScheduler)
        .onMessage(ListJobs.class, this::toScheduler)
        .onMessage(UnregisterJob.class, this::toScheduler)
        .onMessage(TriggerJob.class, this::toScheduler)
        .onMessage(RunUpdated.class, this::runUpdated)
        .onMessage(RunRejected.class, m -> {
          runs.remove(m.runId());
          memory.forgetRun(m.runId());
          scheduler.tell(new JobScheduler.RunForgotten(m.runId()));
          return Behaviors.same();
        })
        .onMessage(CoordinatorStopped.class, this::coordinatorStopped)
        .onMessage(DetailAnswered.class, m -> { m.replyTo().tell(new RunDetailReply(m.detail())); return Behaviors.same(); })
        .build();
  }

  /**
   * A request never stops the manager: an unexpected failure while handling it (a job text that
   * breaks the parser, say) is the request's refusal, and the runs in flight go on.
   */
  static <T> Behavior<T> refusingOnFailure(ActorContext<?> ctx, ActorRef<? super Rejected> replyTo,
      java.util.function.Supplier<Behavior<T>> handle) {
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

  /** The registered jobs are the scheduler's: their requests go to it in the order they came. */
  private Behavior<Command> toScheduler(JobScheduler.Command request) {
    scheduler.tell(request);
    return Behaviors.same();
  }

  private Behavior<Command> submit(String text, ActorRef<SubmitReply> replyTo) {
    JobSpec job;
    try {
      job = JobParser.parse(text);
    } catch (JobException e) {
      replyTo.tell(new Rejected(e.getMessage()));
      return Behaviors.same();
    }
    Optional<RunStatus> holder = holderOf(URI.create(OutputLocation.name(job.output())));
    if (holder.isPresent()) {
      String error = OutputLock.inUse(job.output().uri(), "run " + holder.get().runId());
      ctx.getLog().info("a run of job {} refused: {}", job.name(), error);
      replyTo.tell(new Conflict(error, holder.get().runId()));
      return Behaviors.same();
    }
    String runId = job.name() + "-" + RUN_ID_TIME.format(Instant.now()) + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    RunStatus pending = RunStatus.pending(runId, job.name(), OutputLocation.name(job.output()), Instant.now());
    runs.put(runId, pending);
    scheduler.tell(new JobScheduler.RunChanged(pending));
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









  /** The run in flight that writes to {@code output}, however either names it. */
  private Optional<RunStatus> holderOf(URI output) {
    String key = OutputLocation.key(output);
    return runs.values().stream()
        .filter(r -> !r.status().isFinal() && r.output() != null && OutputLocation.key(URI.create(r.output())).equals(key))
        .findFirst();
  }









  /** A live run's coordinator answers itself; an ended run's kept detail is answered here. */
  private Behavior<Command> runDetail(GetRunDetail m) {
    RunStatus status = runs.get(m.runId());
    RunDetail kept = endedDetails.get(m.runId());
    ActorRef<RunCoordinator.Command> coordinator = coordinators.get(m.runId());
    if (status == null) {
      m.replyTo().tell(new RunDetailReply(null));
    } else if (kept != null) {
      m.replyTo().tell(new RunDetailReply(m.withManifest() ? kept : kept.withManifest(null)));
    } else if (coordinator != null && !status.status().isFinal()) {
      ctx.ask(RunDetail.class, coordinator, DETAIL_TIMEOUT, replyTo -> new RunCoordinator.GetDetail(m.withManifest(), replyTo),
          (detail, failure) -> new DetailAnswered(detail != null ? detail : RunDetail.statusOnly(status), m.replyTo()));
    } else {
      m.replyTo().tell(new RunDetailReply(RunDetail.statusOnly(status)));
    }
    return Behaviors.same();
  }

  private Behavior<Command> detailKept(RunDetailKept m) {
    endedDetails.remove(m.detail().status().runId());
    endedDetails.put(m.detail().status().runId(), m.detail());
    var oldest = endedDetails.keySet().iterator();
    while (endedDetails.size() > DETAILS_KEPT) {
      oldest.next();
      oldest.remove();
    }
    return Behaviors.same();
  }

  private Behavior<Command> runUpdated(RunUpdated m) {
    RunStatus status = m.status();
    RunStatus previous = runs.put(status.runId(), status);
    if (previous == null || previous.status() != status.status() || status.status().isFinal()) {
      memory.saveRun(status);
      scheduler.tell(new JobScheduler.RunChanged(status));
    }
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
      scheduler.tell(new JobScheduler.RunChanged(failed));
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
